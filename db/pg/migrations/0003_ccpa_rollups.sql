CREATE TABLE "regulator_yearly_type_durations" (
	"jurisdiction" text NOT NULL,
	"vendor_id" bigint NOT NULL,
	"type" text NOT NULL,
	"year" integer NOT NULL,
	"duration_day" integer NOT NULL,
	"n" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "regulator_yearly_type_durations_pk" PRIMARY KEY("jurisdiction","year","vendor_id","type","duration_day")
);
--> statement-breakpoint
CREATE TABLE "regulator_yearly_types" (
	"jurisdiction" text NOT NULL,
	"vendor_id" bigint NOT NULL,
	"type" text NOT NULL,
	"year" integer NOT NULL,
	"received" integer DEFAULT 0 NOT NULL,
	"complied" integer DEFAULT 0 NOT NULL,
	"denied" integer DEFAULT 0 NOT NULL,
	"denied_identity_not_verified" integer DEFAULT 0 NOT NULL,
	"denied_not_a_resident" integer DEFAULT 0 NOT NULL,
	"denied_exempt_information" integer DEFAULT 0 NOT NULL,
	"timed_n" integer DEFAULT 0 NOT NULL,
	"timed_ms_sum" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "regulator_yearly_types_pk" PRIMARY KEY("jurisdiction","year","vendor_id","type")
);
--> statement-breakpoint
CREATE INDEX "requests_type_duration_idx" ON "requests" USING btree ("vendor_id","jurisdiction","type",((closed_at - received_at) / 86400000),"received_at","closed_at","outcome") WHERE outcome IN ('fulfilled','partially_fulfilled','denied');