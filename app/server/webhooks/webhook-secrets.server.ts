/**
 * Webhook secrets and signatures. A secret is shown to the vendor admin once; the portal keeps
 * only its AES-256-GCM ciphertext (it must be recoverable, since every delivery is signed with
 * it) bound to the vendor, plus a short prefix to tell secrets apart on the page. Receivers check
 * the HMAC signature described in docs/api.md and the OpenAPI document.
 */
import crypto from "node:crypto";
import { decryptForName, encryptForName } from "../security/encrypted-files.server";
import { getRuntime } from "../core/runtime.server";

export const WEBHOOK_SECRET_PREFIX = "whsec_";

function secretAad(vendorId: number): string {
  // Binds the ciphertext to its vendor: a secret copied onto another vendor's row fails to decrypt.
  return `webhook-secret:${vendorId}`;
}

export function encryptWebhookSecret(secret: string, vendorId: number, dataKey = getRuntime().config.dataKey): string {
  return encryptForName(Buffer.from(secret, "utf8"), secretAad(vendorId), dataKey).toString("base64");
}

export function decryptWebhookSecret(secretEnc: string, vendorId: number): string {
  return decryptForName(Buffer.from(secretEnc, "base64"), secretAad(vendorId), getRuntime().config.dataKey).toString(
    "utf8",
  );
}

export function generateWebhookSecret(): string {
  return `${WEBHOOK_SECRET_PREFIX}${crypto.randomBytes(32).toString("base64url")}`;
}

/** What the page shows of a secret: enough to tell two apart, far too little to sign with. */
export function showSecretPrefix(secret: string): string {
  return secret.slice(0, WEBHOOK_SECRET_PREFIX.length + 4);
}

/** `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>` — docs/api.md shows how to check it. */
export function signWebhookPayload(secret: string, timestampSeconds: number, body: string): string {
  const mac = crypto.createHmac("sha256", secret).update(`${timestampSeconds}.${body}`).digest("hex");
  return `t=${timestampSeconds},v1=${mac}`;
}
