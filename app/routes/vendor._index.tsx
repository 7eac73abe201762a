import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/i18n-react";
import { DeadlineBadge } from "~/components/deadline";
import { useDelegatedLinks } from "~/components/delegated-links";
import { JURISDICTIONS, queueUrgency, REQUEST_TYPES } from "~/domain/deadlines";
import { QUEUE_PAGE_SIZES, QUEUE_STATUSES, queueFilterSchema } from "~/server/core/page-filters.server";
import { FilterSelect } from "~/components/form";
import { formatDay } from "~/i18n";
import { requireVendorStaff } from "~/server/security/staff-sessions.server";
import { now } from "~/server/core/runtime.server";
import { forVendor } from "~/server/vendor/vendor-access.server";

export const meta: MetaFunction = () => [{ title: "Request queue · File des demandes" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const staff = await requireVendorStaff(request);
  const f = queueFilterSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const access = forVendor(staff);
  if (f.q && /^BR-\d{4}-\d{6}$/i.test(f.q.trim())) {
    const found = access.listQueue({ reference: f.q, limit: 1 });
    if (found.items[0]) throw redirect(`/vendor/requests/${found.items[0].reference}`);
  }
  const page = access.listQueue({
    ...f,
    cursor: f.after,
    reference: f.q || undefined,
    limit: Number(f.size ?? QUEUE_PAGE_SIZES[0]),
  });
  const t = now().getTime();
  const colleagues = access.listColleagues();
  return {
    vendorName: access.vendorName(),
    filters: f,
    colleagues,
    types: REQUEST_TYPES,
    jurisdictions: JURISDICTIONS,
    statuses: QUEUE_STATUSES,
    pageSizes: QUEUE_PAGE_SIZES,
    openCount: page.openCount,
    counts: access.summarizeQueue(now()),
    nextCursor: page.nextCursor,
    // Only what the table shows: the rows are serialised into the page for hydration.
    items: page.items.map((i) => ({
      reference: i.reference,
      type: i.type,
      jurisdiction: i.jurisdiction,
      status: i.status,
      respondBy: i.respondBy,
      statutory: i.statutory,
      assignee: colleagues.find((c) => c.id === i.assigneeUserId)?.name ?? null,
      urgency: queueUrgency(i.dueAt, t),
    })),
  };
}

export default function VendorQueue() {
  const data = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const locale = i18n.language === "fr-CA" ? "fr-CA" : "en";
  const followRowLink = useDelegatedLinks();
  const filterQuery = new URLSearchParams(
    Object.entries(data.filters)
      .filter(([k, v]) => k !== "after" && v)
      .map(([k, v]) => [k, String(v)]),
  );
  return (
    <section aria-labelledby="queue-title">
      <h1 id="queue-title">{t("vendor.queueTitle", { vendor: data.vendorName })}</h1>
      <ul className="queue-counts" aria-label={t("vendor.countsLabel")}>
        <li className={data.counts.overdue ? "is-bad" : undefined}>
          <strong>{data.counts.overdue}</strong> {t("vendor.countOverdue")}
        </li>
        <li className={data.counts.dueSoon ? "is-warn" : undefined}>
          <strong>{data.counts.dueSoon}</strong> {t("vendor.countDueSoon")}
        </li>
        <li>
          <a href="/vendor?status=awaiting_resident">
            <strong>{data.counts.awaitingResident}</strong> {t("vendor.countAwaiting")}
          </a>
        </li>
        <li>
          <a href="/vendor?status=received">
            <strong>{data.counts.received}</strong> {t("vendor.countNew")}
          </a>
        </li>
      </ul>
      <Form method="get" className="period-form" aria-label={t("vendor.filters")}>
        <div className="field">
          <label htmlFor="q">{t("vendor.search")}</label>
          <input id="q" name="q" type="text" defaultValue={data.filters.q ?? ""} placeholder="BR-2026-000123" />
        </div>
        <FilterSelect
          id="f-status"
          name="status"
          label={t("status.status")}
          allLabel={t("cases.all")}
          value={data.filters.status}
          options={data.statuses.map((x) => ({ value: x, label: t(`staffStatuses.${x}`) }))}
        />
        <FilterSelect
          id="f-type"
          name="type"
          label={t("staff.type")}
          allLabel={t("cases.all")}
          value={data.filters.type}
          options={data.types.map((x) => ({ value: x, label: t(`types.${x}`) }))}
        />
        <FilterSelect
          id="f-jurisdiction"
          name="jurisdiction"
          label={t("staff.jurisdiction")}
          allLabel={t("cases.all")}
          value={data.filters.jurisdiction}
          options={data.jurisdictions.map((j) => ({ value: j, label: j }))}
        />
        <FilterSelect
          id="f-assignee"
          name="assignee"
          label={t("vendor.assignee")}
          allLabel={t("cases.all")}
          value={data.filters.assignee}
          options={[
            { value: "me", label: t("vendor.assignedToMe") },
            { value: "none", label: t("vendor.unassigned") },
            ...data.colleagues.map((c) => ({ value: c.id, label: c.name })),
          ]}
        />
        <div className="field">
          <label htmlFor="f-size">{t("vendor.pageSize")}</label>
          <select id="f-size" name="size" defaultValue={data.filters.size ?? data.pageSizes[0]}>
            {data.pageSizes.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </div>
        <button type="submit">{t("staff.filter")}</button>
      </Form>
      <p>
        {t("vendor.openCount", { count: data.openCount })}{" "}
        <a href={`/vendor/export.csv?${filterQuery.toString()}`}>{t("vendor.exportCsv")}</a>
      </p>
      <div className="table-scroll">
        <table className="queue-table">
          <caption className="visually-hidden">{t("vendor.queueCaption")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("vendor.reference")}</th>
              <th scope="col">{t("staff.type")}</th>
              <th scope="col">{t("staff.jurisdiction")}</th>
              <th scope="col">{t("status.status")}</th>
              <th scope="col">{t("status.currentDeadline")}</th>
              <th scope="col">{t("vendor.urgency")}</th>
              <th scope="col">{t("vendor.assignee")}</th>
            </tr>
          </thead>
          <tbody onClick={followRowLink}>
            {data.items.map((r) => (
              <tr key={r.reference}>
                <td>
                  <a href={`/vendor/requests/${r.reference}`} className="mono">
                    {r.reference}
                  </a>
                </td>
                <td>{t(`types.${r.type}`)}</td>
                <td>{r.jurisdiction}</td>
                <td>{t(`staffStatuses.${r.status}`)}</td>
                <td>
                  {formatDay(r.respondBy, locale, "medium")}
                  {!r.statutory ? ` (${t("vendor.target")})` : ""}
                </td>
                <td>
                  <DeadlineBadge state={r.urgency} />
                </td>
                <td>{r.assignee ?? "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {data.items.length === 0 ? <p>{t("vendor.empty")}</p> : null}
      <nav className="pager" aria-label={t("vendor.pager")}>
        {data.nextCursor ? (
          <Link to={`/vendor?${filterQuery.toString()}&after=${encodeURIComponent(data.nextCursor)}`}>
            {t("vendor.next")}
          </Link>
        ) : null}
      </nav>
    </section>
  );
}
