import { useTranslation } from "~/i18n-react";

export interface ResponseFileItem {
  id: number;
  name: string;
  contentType: string;
  size: number;
  sha256: string;
}

/**
 * The attached files: name (download link, audited), type, size, start of the SHA-256; a
 * remove button while unsent. A list, not a table: it sits in a narrow column of the actions grid.
 */
export function ResponseFileList({
  reference,
  files,
  canRemove,
  busy,
}: {
  reference: string;
  files: ResponseFileItem[];
  canRemove: boolean;
  busy: boolean;
}) {
  const { t } = useTranslation();
  if (files.length === 0) return <p>{t("responseFiles.none")}</p>;
  return (
    <ul aria-label={t("responseFiles.title")}>
      {files.map((f) => (
        <li key={f.id}>
          {/* Paragraphs, so the link and the buttons are far enough apart to hit (WCAG 2.5.8). */}
          <p>
            <a href={`/vendor/requests/${reference}/files/${f.id}`} download={f.name}>
              {f.name}
            </a>
          </p>
          <p>
            {t(`responseFiles.kinds.${kindLabel(f.contentType)}`)} ·{" "}
            {t("responseFiles.sizeKb", { size: Math.max(1, Math.round(f.size / 1024)) })} ·{" "}
            <span className="mono">
              {t("responseFiles.sha256")} {f.sha256}
            </span>
            {canRemove ? (
              <>
                {" "}
                {/* Inside the answer form: removing keeps what was typed. */}
                <button
                  type="submit"
                  name="removeFile"
                  value={f.id}
                  className="secondary"
                  disabled={busy}
                  aria-label={t("responseFiles.removeNamed", { name: f.name })}
                >
                  {t("responseFiles.remove")}
                </button>
              </>
            ) : null}
          </p>
        </li>
      ))}
    </ul>
  );
}

function kindLabel(contentType: string): string {
  return (
    (
      {
        "application/pdf": "pdf",
        "image/png": "png",
        "image/jpeg": "jpeg",
        "text/csv": "csv",
        "application/json": "json",
      } as Record<string, string>
    )[contentType] ?? "txt"
  );
}
