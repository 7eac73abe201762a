/**
 * The second factor's codes, without any stored state: TOTP (RFC 6238, SHA-1, 6 digits, 30 s)
 * checking with a ±1 step window and replay refusal, the form schemas, recovery codes (120
 * random bits, stored as a SHA-256 bound to the user id), the secret sealed under DATA_KEY and
 * bound to its user, and the enrolment QR code. two-factor.server keeps what touches the
 * database: spending a code, enrolment, regeneration and step-up.
 */
import crypto from "node:crypto";
import { generateSecret, generateURI, verifySync } from "otplib";
import QRCode from "qrcode";
import { z } from "zod";
import { sha256Hex, type SessionUser } from "./staff-sessions.server";
import { decryptForName, encryptForName } from "./encrypted-files.server";
import { getRuntime } from "../core/runtime.server";

export const TOTP_PERIOD_SECONDS = 30;
/** ±1 step: otplib's tolerance is in seconds, and 30 s either side reaches exactly one step. */
const TOTP_TOLERANCE_SECONDS = TOTP_PERIOD_SECONDS;
export const TOTP_ISSUER = "Biometric Rights Portal";
export const RECOVERY_CODE_COUNT = 10;
const RECOVERY_ALPHABET = "abcdefghijklmnopqrstuvwxyz234567";
const RECOVERY_CHARS = 24; // 24 × 5 bits = 120 bits

/** A 6-digit code, or a recovery code typed with or without dashes/spaces, any case. */
export const secondFactorCodeSchema = z
  .string({ error: "errors.codeRequired" })
  .trim()
  .min(1, { error: "errors.codeRequired" })
  .max(64, { error: "errors.codeInvalid" })
  .refine((v) => /^\d{6}$/.test(v.replace(/\s/g, "")) || normalizeRecoveryCode(v) !== null, {
    error: "errors.codeInvalid",
  });

/** Only a TOTP code (enrolment proves the authenticator; regenerating needs the app). */
export const totpCodeSchema = z
  .string({ error: "errors.codeRequired" })
  .trim()
  .min(1, { error: "errors.codeRequired" })
  .transform((v) => v.replace(/\s/g, ""))
  .refine((v) => /^\d{6}$/.test(v), { error: "errors.codeInvalid" });

/** A secret is 160 bits of base32 (otplib's default, RFC 4226's recommendation). */
export const totpSecretSchema = z.string().regex(/^[A-Z2-7]{32}$/, { error: "errors.invalid" });

export function normalizeRecoveryCode(input: string): string | null {
  const v = input.toLowerCase().replace(/[\s-]/g, "");
  return v.length === RECOVERY_CHARS && [...v].every((c) => RECOVERY_ALPHABET.includes(c)) ? v : null;
}

export function hashRecoveryCode(userId: number, normalized: string): string {
  // The user id is part of the hash so equal codes of two users could never collide on the unique index.
  return sha256Hex(`${userId}:${normalized}`);
}

export function newRecoveryCode(): string {
  const bytes = crypto.randomBytes(RECOVERY_CHARS);
  // 256 is a multiple of 32: taking the low 5 bits of a uniform byte is uniform.
  const raw = [...bytes].map((b) => RECOVERY_ALPHABET[b & 31]).join("");
  return raw.match(/.{4}/g)!.join("-");
}

function secretAad(userId: number): string {
  return `totp-user-${userId}`;
}

export function encryptTotpSecret(userId: number, secret: string, key: Buffer = getRuntime().config.dataKey): string {
  return encryptForName(Buffer.from(secret, "ascii"), secretAad(userId), key).toString("base64");
}

export function decryptTotpSecret(userId: number, stored: string, key: Buffer = getRuntime().config.dataKey): string {
  return decryptForName(Buffer.from(stored, "base64"), secretAad(userId), key).toString("ascii");
}

export function otpauthUri(email: string, secret: string): string {
  return generateURI({
    issuer: TOTP_ISSUER,
    label: email,
    secret,
    period: TOTP_PERIOD_SECONDS,
    digits: 6,
    algorithm: "sha1",
  });
}

/** Accepted time step, or null. `afterStep` refuses that step and every earlier one (replay). */
export function checkTotp(secret: string, code: string, now: Date, afterStep: number | null): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  // Every step of the window is spent already (the clock stepped back after a code was used):
  // refuse here, because otplib throws (a 500) when afterTimeStep lies beyond the window.
  const lastStepInWindow = Math.floor(
    (Math.floor(now.getTime() / 1000) + TOTP_TOLERANCE_SECONDS) / TOTP_PERIOD_SECONDS,
  );
  if (afterStep != null && afterStep >= lastStepInWindow) return null;
  const result = verifySync({
    secret,
    token: code,
    epoch: Math.floor(now.getTime() / 1000),
    period: TOTP_PERIOD_SECONDS,
    epochTolerance: TOTP_TOLERANCE_SECONDS,
    ...(afterStep != null ? { afterTimeStep: afterStep } : {}),
  });
  if (!result.valid) return null;
  // TOTP results carry the matched step; derive it from the matched period start otherwise.
  return "timeStep" in result && typeof result.timeStep === "number"
    ? result.timeStep
    : Math.floor((result as { epoch: number }).epoch / TOTP_PERIOD_SECONDS);
}

/**
 * Fresh secret for the enrolment page. Nothing is stored until a code proves the app has it;
 * meanwhile the secret travels through the form sealed (`pending`: AES-256-GCM under DATA_KEY,
 * bound to this user and to enrolment), so the browser can never choose its own secret.
 */
export async function prepareEnrolment(
  user: SessionUser,
  existing?: string,
): Promise<{ secret: string; pending: string; uri: string; qrDataUrl: string }> {
  // After a mistyped code the same secret comes back (the app already scanned it).
  const secret = existing ?? generateSecret({ length: 20 });
  const uri = otpauthUri(user.email, secret);
  const svg = await QRCode.toString(uri, { type: "svg", errorCorrectionLevel: "M", margin: 2 });
  const pending = encryptForName(
    Buffer.from(secret, "ascii"),
    pendingAad(user.id),
    getRuntime().config.dataKey,
  ).toString("base64url");
  return { secret, pending, uri, qrDataUrl: `data:image/svg+xml;base64,${Buffer.from(svg).toString("base64")}` };
}

function pendingAad(userId: number): string {
  return `totp-pending-${userId}`;
}

/** The secret sealed by prepareEnrolment for this user, or null for anything else (forged, another user's, tampered). */
export function openPendingSecret(userId: number, pending: unknown): string | null {
  if (typeof pending !== "string" || pending.length > 512 || !/^[A-Za-z0-9_-]+$/.test(pending)) return null;
  try {
    const secret = decryptForName(
      Buffer.from(pending, "base64url"),
      pendingAad(userId),
      getRuntime().config.dataKey,
    ).toString("ascii");
    return totpSecretSchema.safeParse(secret).success ? secret : null;
  } catch {
    return null;
  }
}
