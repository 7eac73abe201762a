/**
 * The vendor API's reference-photo endpoint (/requests/{reference}/reference-photo): a vendor's
 * own matching system fetches the resident's photo to search its data, as the workspace's staff
 * view it. A face is a biometric identifier, so the key needs the `reference_photos:read` scope
 * on top of the request endpoints, every download is audited in the key's name (forVendor), the
 * photo is gone once the request closes, and nothing caches the answer.
 */
import { forVendor, type VendorStaff } from "../vendor/vendor-access.server";
import { apiError } from "./api-answers.server";
import { apiKeyHasScope, type ApiKeyScope } from "./api-keys.server";

export const REFERENCE_PHOTO_SCOPE: ApiKeyScope = "reference_photos:read";

/** GET /api/v1/requests/:ref/reference-photo — the newest reference photo as a JPEG. */
export function downloadReferencePhotoForApi(principal: VendorStaff, reference: string, now: Date): Response {
  if (!apiKeyHasScope(principal, REFERENCE_PHOTO_SCOPE))
    return apiError(403, "insufficient_scope", `This API key was not granted the ${REFERENCE_PHOTO_SCOPE} scope`);
  const photo = forVendor(principal).openNewestPhoto(reference, now);
  return new Response(new Uint8Array(photo.jpeg), {
    status: 200,
    headers: {
      "Content-Type": "image/jpeg",
      "Content-Length": String(photo.jpeg.length),
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
      // A browser that follows the URL saves the file instead of showing it in a tab.
      "Content-Disposition": `attachment; filename="${reference.replace(/[^A-Za-z0-9-]/g, "")}-reference-photo.jpg"`,
      "Content-Security-Policy": "default-src 'none'; sandbox",
      ETag: `"${photo.sha256}"`,
    },
  });
}
