import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { DeadlineBadge } from "~/components/deadline";
import { formatDay } from "~/i18n";
import { requireVendorStaff } from "~/server/auth.server";
import { getSqlite } from "~/server/db.server";
import { now } from "~/server/runtime.server";
import { forVendor } from "~/server/vendor-access.server";

export const meta: MetaFunction = () => [{ title: "Request queue · File des demandes" }];

const DUE_SOON_MS = 5 * 86_400_000;

export async function loader({ request }: LoaderFunctionArgs) {
  const staff = await requireVendorStaff(request);
  const cursor = new URL(request.url).searchParams.get("after");
  const page = forVendor(staff).listQueue({ cursor });
  const vendor = getSqlite().prepare("SELECT name FROM vendors WHERE id = ?").get(staff.vendorId) as { name: string };
  const t = now().getTime();
  return {
    vendorName: vendor.name,
    openCount: page.openCount,
    nextCursor: page.nextCursor,
    items: page.items.map((i) => ({
      ...i,
      // Urgency derived from dates and now at read time: a missed sweep cannot make it wrong.
      urgency: i.dueAt == null ? ("on_track" as const) : i.dueAt < t ? ("overdue" as const) : i.dueAt - t <= DUE_SOON_MS ? ("due_soon" as const) : ("on_track" as const),
    })),
  };
}

export default function VendorQueue() {
  const data = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const locale = i18n.language === "fr-CA" ? "fr-CA" : "en";
  return (
    <section aria-labelledby="queue-title">
      <h1 id="queue-title">{t("vendor.queueTitle", { vendor: data.vendorName })}</h1>
      <p>{t("vendor.openCount", { count: data.openCount })}</p>
      <table>
        <caption className="visually-hidden">{t("vendor.queueCaption")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("vendor.reference")}</th>
            <th scope="col">{t("file.type")}</th>
            <th scope="col">{t("file.jurisdiction")}</th>
            <th scope="col">{t("status.status")}</th>
            <th scope="col">{t("status.currentDeadline")}</th>
            <th scope="col">{t("vendor.urgency")}</th>
          </tr>
        </thead>
        <tbody>
          {data.items.map((r) => (
            <tr key={r.reference}>
              <td>
                <Link to={`/vendor/requests/${r.reference}`} className="mono">
                  {r.reference}
                </Link>
              </td>
              <td>{t(`types.${r.type}`)}</td>
              <td>{r.jurisdiction}</td>
              <td>{t(`statuses.${r.status}`)}</td>
              <td>
                {formatDay(r.respondBy, locale, "medium")}
                {!r.statutory ? ` (${t("vendor.target")})` : ""}
              </td>
              <td>
                <DeadlineBadge state={r.urgency} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {data.items.length === 0 ? <p>{t("vendor.empty")}</p> : null}
      <nav className="pager" aria-label={t("vendor.pager")}>
        {data.nextCursor ? <Link to={`/vendor?after=${encodeURIComponent(data.nextCursor)}`}>{t("vendor.next")}</Link> : null}
      </nav>
    </section>
  );
}
