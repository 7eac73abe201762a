import { Form } from "@remix-run/react";
import { FieldError } from "~/components/form";
import { useTranslation } from "~/i18n-react";
import type { StatusPage } from "~/server/resident/status-page.server";

/** The messages with the vendor and, while the vendor waits for the resident, the reply form. */
export function MessagesSection({
  page,
  reply,
}: {
  page: StatusPage;
  /** A refused reply: its errors and the text typed. */
  reply: { errors: Record<string, string>; message: string } | undefined;
}) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="messages-title">
      <h2 id="messages-title">{t("messages.title")}</h2>
      <ol className="timeline">
        {page.messages.map((m, i) => (
          <li key={i}>
            <time dateTime={new Date(m.at).toISOString()}>
              {new Date(m.at).toISOString().slice(0, 16).replace("T", " ")} UTC
            </time>
            <strong>{m.author === "staff" ? page.vendorName : t("messages.you")}</strong>
            <p className="pre-line">{m.body}</p>
          </li>
        ))}
      </ol>
      {page.awaitingResident ? (
        <Form method="post">
          <input type="hidden" name="intent" value="reply" />
          <div className={`field${reply?.errors?.message ? " has-error" : ""}`}>
            <label htmlFor="field-message">{t("messages.reply")}</label>
            <span className="hint" id="hint-message">
              {t("messages.replyHint")}
            </span>
            <FieldError name="message" errors={reply?.errors} />
            <textarea
              id="field-message"
              name="message"
              defaultValue={reply?.message ?? ""}
              aria-describedby="hint-message"
            />
          </div>
          <button type="submit">{t("messages.send")}</button>
        </Form>
      ) : null}
    </section>
  );
}
