/**
 * Mail from an email-only company on a request's file: who sent it, when, what was verified
 * about the sender, the plain text, and the sanitised HTML in a frame that can run nothing and
 * go nowhere (sandbox without any allowance, and a CSP of its own that loads nothing).
 */
import { useTranslation } from "~/i18n-react";
import { EMAIL_REPLY_CLASSES } from "~/domain/email-replies";

export interface CaseMailItem {
  id: number;
  kind: "reply" | "bounce";
  fromAddress: string | null;
  subject: string;
  text: string;
  html: string | null;
  receivedAt: number;
  signedBy: string | null;
  auth: { spf: string; spfDomain: string | null; dmarc: string };
  notes: string[];
  classification: string | null;
  files: { id: number; name: string; size: number; sha256: string }[];
}

const FRAME_CSP = "default-src 'none'; style-src 'unsafe-inline'";

function frameDocument(html: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${FRAME_CSP}"><style>body{font-family:system-ui,sans-serif;line-height:1.4;margin:.5rem}a{color:inherit;text-decoration:underline dotted}</style></head><body>${html}</body></html>`;
}

function utc(at: number): string {
  return `${new Date(at).toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

/** "signed by facette.example — DKIM pass" / "SPF pass for facette.example" / "not verified". */
export function AuthenticationLine({ item }: { item: Pick<CaseMailItem, "signedBy" | "auth"> }) {
  const { t } = useTranslation();
  if (item.signedBy) return <>{t("caseMail.signedBy", { domain: item.signedBy, dmarc: item.auth.dmarc })}</>;
  if (item.auth.spf === "pass" && item.auth.spfDomain)
    return <>{t("caseMail.spfOnly", { domain: item.auth.spfDomain })}</>;
  return <>{t("caseMail.notVerified")}</>;
}

/**
 * `canClassify`: the resident's page, request still open: each unread reply gets the one-step
 * "what is this?" form (a plain form: it works without JavaScript).
 */
export function CaseMailList({
  items,
  fileHref,
  canClassify = false,
}: {
  items: CaseMailItem[];
  fileHref?: (id: number) => string;
  canClassify?: boolean;
}) {
  const { t } = useTranslation();
  if (items.length === 0) return null;
  return (
    <section aria-labelledby="case-mail-title">
      <h2 id="case-mail-title">{t("caseMail.title")}</h2>
      {items.map((m) => (
        <article key={m.id} className="notice" aria-labelledby={`case-mail-${m.id}`}>
          <h3 id={`case-mail-${m.id}`}>{m.kind === "bounce" ? t("caseMail.bounceTitle") : t("caseMail.replyTitle")}</h3>
          <dl className="facts">
            <dt>{t("caseMail.received")}</dt>
            <dd>
              <time dateTime={new Date(m.receivedAt).toISOString()}>{utc(m.receivedAt)}</time>
            </dd>
            <dt>{t("caseMail.from")}</dt>
            <dd className="mono">{m.fromAddress ?? "—"}</dd>
            <dt>{t("caseMail.subject")}</dt>
            <dd>{m.subject || "—"}</dd>
            <dt>{t("caseMail.authentication")}</dt>
            <dd>
              <AuthenticationLine item={m} />
            </dd>
            {m.classification ? (
              <>
                <dt>{t("caseMail.classification")}</dt>
                <dd>{t(`caseMail.classes.${m.classification}`)}</dd>
              </>
            ) : null}
          </dl>
          {m.notes.length > 0 ? (
            <ul>
              {[...new Set(m.notes)].map((n) => (
                <li key={n}>{t(`caseMail.notes.${n}`)}</li>
              ))}
            </ul>
          ) : null}
          <h4>{t("caseMail.text")}</h4>
          <p className="pre-line">{m.text || t("caseMail.noText")}</p>
          {m.html ? (
            <details>
              <summary>{t("caseMail.html")}</summary>
              <iframe
                title={t("caseMail.htmlFrame")}
                sandbox=""
                srcDoc={frameDocument(m.html)}
                referrerPolicy="no-referrer"
                style={{ width: "100%", minHeight: "16rem", border: "1px solid #c9d0da" }}
              />
            </details>
          ) : null}
          {m.files.length > 0 ? (
            <>
              <h4>{t("caseMail.files")}</h4>
              <ul>
                {m.files.map((f) => (
                  <li key={f.id}>
                    {fileHref ? (
                      <a href={fileHref(f.id)} download={f.name}>
                        {f.name}
                      </a>
                    ) : (
                      f.name
                    )}{" "}
                    ({t("responseFiles.sizeKb", { size: Math.max(1, Math.round(f.size / 1024)) })}){" "}
                    <span className="mono">SHA-256 {f.sha256}</span>
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          {canClassify && m.kind === "reply" && !m.classification ? (
            <form method="post">
              <input type="hidden" name="intent" value="classify-email" />
              <input type="hidden" name="mailId" value={m.id} />
              <fieldset>
                <legend>{t("caseMail.classifyLegend")}</legend>
                <p className="hint">{t("caseMail.classifyHint")}</p>
                {EMAIL_REPLY_CLASSES.map((c) => (
                  <div key={c}>
                    <input type="radio" id={`reading-${m.id}-${c}`} name="reading" value={c} required />{" "}
                    <label htmlFor={`reading-${m.id}-${c}`}>{t(`caseMail.classes.${c}`)}</label>
                  </div>
                ))}
              </fieldset>
              <button type="submit">{t("caseMail.classify")}</button>
            </form>
          ) : null}
        </article>
      ))}
    </section>
  );
}
