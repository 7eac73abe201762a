import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/i18n-react";
import { getRuntime } from "~/server/core/runtime.server";

export const meta: MetaFunction = () => [{ title: "Dev mailbox" }, { name: "robots", content: "noindex" }];

export async function loader(_args: LoaderFunctionArgs) {
  const mailbox = getRuntime().mailbox;
  // The page exists only while the embedded catcher runs (SMTP_URL unset).
  if (!mailbox) throw new Response("Not found", { status: 404 });
  return {
    messages: mailbox.list().map((m) => ({ id: m.id, receivedAt: m.receivedAt, to: m.to, subject: m.subject })),
  };
}

export default function Mailbox() {
  const { messages } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <section aria-labelledby="mailbox-title">
      <h1 id="mailbox-title">{t("mailbox.title")}</h1>
      <p className="lede">{t("mailbox.lede")}</p>
      {messages.length === 0 ? <p>{t("mailbox.empty")}</p> : null}
      <table>
        <thead>
          <tr>
            <th scope="col">{t("mailbox.received")}</th>
            <th scope="col">{t("mailbox.to")}</th>
            <th scope="col">{t("mailbox.subject")}</th>
          </tr>
        </thead>
        <tbody>
          {messages.map((m) => (
            <tr key={m.id}>
              <td>{m.receivedAt}</td>
              <td>{m.to.join(", ")}</td>
              <td>
                <Link to={`/dev/mailbox/${m.id}`}>{m.subject || "(no subject)"}</Link>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
