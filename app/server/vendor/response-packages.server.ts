/**
 * The vendor's structured answer to a request: the access package (with the files attached to
 * it) or the deletion certificate, checked and written in the same transaction as the answer,
 * then read back for the resident, the case file and the API.
 */
import { deletionCertificateSchema, parseAccessPackageForm } from "~/domain/packages";
import type { StaffAction } from "~/domain/schemas";
import { getSqlite, prepareCached } from "../core/db.server";
import { ServiceError } from "../core/errors.server";
import { readOne, type RequestRow, type ResponsePackageRow } from "../core/rows.server";
import { listResponseFiles, toPackageFileRefs } from "./response-file-store.server";

/**
 * Fulfilling an access request needs its package; fulfilling a deletion needs its certificate
 * with each outcome stated. Written in the same transaction as the answer.
 */
export function storeResponsePackage(
  request: RequestRow,
  action: Extract<StaffAction, { intent: "fulfil" }>,
  userId: number,
  t: number,
): void {
  let kind: "access_package" | "deletion_certificate";
  let payload: unknown;
  if (request.type === "access") {
    // The package references every file attached so far (same transaction: none can slip in or out).
    const parsed = parseAccessPackageForm({ ...action, files: toPackageFileRefs(listResponseFiles(request.id)) });
    if (!parsed.ok)
      throw new ServiceError(400, "bad_package", "Bad package", { [parsed.field]: "errors.packageInvalid" });
    kind = "access_package";
    payload = parsed.value;
  } else if (request.type === "deletion") {
    const cert = deletionCertificateSchema.safeParse({
      imagesDeleted: action.imagesDeleted,
      templatesDeleted: action.templatesDeleted,
      customersNotified: action.customersNotified,
      suppressionActive: action.suppressionActive === "on" || action.suppressionActive === "true",
      suppressionUntil: action.suppressionUntil ? action.suppressionUntil : null,
      ...(action.verification === undefined ? {} : { verification: action.verification }),
    });
    if (!cert.success)
      throw new ServiceError(400, "bad_certificate", "Bad certificate", {
        [String(cert.error.issues[0]?.path[0] ?? "imagesDeleted")]: "errors.countRequired",
      });
    kind = "deletion_certificate";
    payload = cert.data;
  } else return;
  prepareCached(
    getSqlite(),
    "INSERT INTO response_packages (request_id, kind, payload, created_by_user_id, created_at) VALUES (?, ?, ?, ?, ?)",
  ).run(request.id, kind, JSON.stringify(payload), userId, t);
}

export function getResponsePackage(requestId: number): { kind: string; payload: unknown; createdAt: number } | null {
  const row = readOne<Pick<ResponsePackageRow, "kind" | "payload" | "created_at">>(
    prepareCached(getSqlite(), "SELECT kind, payload, created_at FROM response_packages WHERE request_id = ?"),
    requestId,
  );
  return row ? { kind: row.kind, payload: JSON.parse(row.payload) as unknown, createdAt: row.created_at } : null;
}
