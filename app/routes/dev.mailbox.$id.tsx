import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/i18n-react";
import { getRuntime } from "~/server/core/runtime.server";

export const meta: MetaFunction = () => [{ title: "Dev mailbox message" }, { name: "robots", content: "noindex" }];

export async function loader({ params }: LoaderFunctionArgs) {
  const mailbox = getRuntime().mailbox;
  const message = mailbox?.get(params.id ?? "");
  if (!mailbox || !message) throw new Response("Not found", { status: 404 });
  return { message };
}

/** Splits text into plain runs and clickable http(s) links (rendered as React text: escaped). */
function linkify(text: string) {
  const parts = text.split(/(https?:\/\/[^\s<>"')]+)/g);
  return parts.map((p, i) =>
    /^https?:\/\//.test(p) ? (
      <a key={i} href={p}>
        {p}
      </a>
    ) : (
      <span key={i}>{p}</span>
    ),
  );
}

export default function MailboxMessage() {
  const { message } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <article aria-labelledby="mail-title">
      <p>
        <Link to="/dev/mailbox">{t("mailbox.back")}</Link>
      </p>
      <h1 id="mail-title">{message.subject}</h1>
      <dl className="facts">
        <dt>{t("mailbox.from")}</dt>
        <dd>{message.from}</dd>
        <dt>{t("mailbox.to")}</dt>
        <dd>{message.to.join(", ")}</dd>
        <dt>Message-ID</dt>
        <dd className="mono">{message.messageId}</dd>
      </dl>
      <h2>{t("mailbox.text")}</h2>
      <pre className="mail">{linkify(message.text)}</pre>
      {message.html ? (
        <>
          <h2>{t("mailbox.html")}</h2>
          {/* The HTML part is shown in a sandboxed frame: no scripts, no same-origin access. */}
          <iframe
            title={t("mailbox.html")}
            sandbox="allow-popups allow-popups-to-escape-sandbox"
            srcDoc={message.html}
            style={{ width: "100%", minHeight: "28rem", border: "1px solid #c9d0da" }}
          />
        </>
      ) : null}
    </article>
  );
}
