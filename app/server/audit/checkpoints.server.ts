/**
 * Signed checkpoints of the audit chain (Ed25519). The chain alone proves that no row was
 * edited or removed in the middle; a checkpoint signed with a key that is not in the database,
 * and shown to regulators, also proves that the tail was not cut off or the whole chain
 * regenerated. Verification walks the chain and checks every checkpoint against it.
 */
import crypto from "node:crypto";
import type { SqlConnection } from "../../../db/client";
import { canonicalJson, verifyAuditChain, type ChainVerification } from "./audit-chain.server";
import { getSqlite, inTransaction, prepareCached } from "../core/db.server";
import { getRuntime } from "../core/runtime.server";
import { readOne, type AuditCheckpointRow, readAll, type AuditEventRow } from "../core/rows.server";
import type { SweepStep } from "../core/sweep-step.server";

export interface SigningKey {
  privateKey: crypto.KeyObject;
  publicKey: crypto.KeyObject;
  keyId: string;
  publicKeyPem: string;
}

export function loadSigningKey(base64Pkcs8: string): SigningKey {
  const privateKey = crypto.createPrivateKey({ key: Buffer.from(base64Pkcs8, "base64"), format: "der", type: "pkcs8" });
  const publicKey = crypto.createPublicKey(privateKey);
  return { privateKey, publicKey, ...describePublicKey(publicKey) };
}

export function describePublicKey(publicKey: crypto.KeyObject): { keyId: string; publicKeyPem: string } {
  const der = publicKey.export({ format: "der", type: "spki" }) as Buffer;
  return {
    keyId: crypto.createHash("sha256").update(der).digest("hex").slice(0, 16),
    publicKeyPem: publicKey.export({ format: "pem", type: "spki" }) as string,
  };
}

function checkpointMessage(c: { size: number; headHash: string; at: string }): Buffer {
  return Buffer.from(canonicalJson({ at: c.at, headHash: c.headHash, size: c.size }), "utf8");
}

export function runtimeSigningKey(): SigningKey {
  return loadSigningKey(getRuntime().config.auditSigningKey);
}

/** The newest signed checkpoint (without its signature, which the audit page does not show), or null. */
export function findLatestCheckpoint(): Pick<AuditCheckpointRow, "id" | "size" | "head_hash" | "at" | "key_id"> | null {
  return (
    readOne<Pick<AuditCheckpointRow, "id" | "size" | "head_hash" | "at" | "key_id">>(
      prepareCached(
        getSqlite(),
        "SELECT id, size, head_hash, at, key_id FROM audit_checkpoints ORDER BY id DESC LIMIT 1",
      ),
    ) ?? null
  );
}

/** Signs the current chain head if it moved since the last checkpoint. Returns the new checkpoint or null. */
export function writeCheckpoint(opts: {
  now: Date;
  key?: SigningKey;
  sqlite?: SqlConnection;
}): { id: number; size: number; headHash: string } | null {
  const sqlite = opts.sqlite ?? getSqlite();
  const key = opts.key ?? runtimeSigningKey();
  const work = () => {
    const head = readOne<Pick<AuditEventRow, "seq" | "hash">>(
      prepareCached(sqlite, "SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1"),
    );
    if (!head) return null;
    const last = readOne<Pick<AuditCheckpointRow, "size">>(
      prepareCached(sqlite, "SELECT size FROM audit_checkpoints ORDER BY id DESC LIMIT 1"),
    );
    if (last && last.size >= head.seq) return null;
    const c = { size: head.seq, headHash: head.hash, at: opts.now.toISOString() };
    const signature = crypto.sign(null, checkpointMessage(c), key.privateKey).toString("base64");
    const id = Number(
      prepareCached(
        sqlite,
        "INSERT INTO audit_checkpoints (size, head_hash, at, key_id, signature) VALUES (?, ?, ?, ?, ?)",
      ).run(c.size, c.headHash, c.at, key.keyId, signature).lastInsertRowid,
    );
    return { id, size: c.size, headHash: c.headHash };
  };
  return sqlite === getSqlite() ? inTransaction(work) : sqlite.transaction(work).immediate();
}

export interface AuditVerification extends ChainVerification {
  checkpoints: number;
  /** First checkpoint that fails (bad signature, other key, or does not match the chain). */
  badCheckpoint: { id: number; reason: string } | null;
  keyId: string;
}

/** Verifies the whole chain and every checkpoint with the given public key. */
export function verifyAuditLog(opts: { publicKey: crypto.KeyObject; sqlite?: SqlConnection }): AuditVerification {
  const sqlite = opts.sqlite ?? getSqlite();
  const chain = verifyAuditChain(sqlite);
  const { keyId } = describePublicKey(opts.publicKey);
  const rows = readAll<Pick<AuditCheckpointRow, "id" | "size" | "head_hash" | "at" | "key_id" | "signature">>(
    prepareCached(sqlite, "SELECT * FROM audit_checkpoints ORDER BY id"),
  );
  const hashAt = prepareCached(sqlite, "SELECT hash FROM audit_events WHERE seq = ?");
  let bad: AuditVerification["badCheckpoint"] = null;
  for (const c of rows) {
    const ok =
      c.key_id === keyId &&
      crypto.verify(
        null,
        checkpointMessage({ size: c.size, headHash: c.head_hash, at: c.at }),
        opts.publicKey,
        Buffer.from(c.signature, "base64"),
      );
    if (!ok) {
      bad = {
        id: c.id,
        reason: c.key_id === keyId ? "signature does not verify" : `signed with another key (${c.key_id})`,
      };
      break;
    }
    const row = readOne<{ hash: string }>(hashAt, c.size);
    if (!row) {
      bad = { id: c.id, reason: `the chain has fewer than ${c.size} rows: it was truncated` };
      break;
    }
    if (row.hash !== c.head_hash) {
      bad = { id: c.id, reason: `row ${c.size} no longer has the signed hash: the chain was rewritten` };
      break;
    }
  }
  return { ...chain, ok: chain.ok && bad === null, checkpoints: rows.length, badCheckpoint: bad, keyId };
}

export const CHECKPOINT_EVERY_MS = 60 * 60_000;

/** Sweep step: one signed checkpoint per hour when the chain has grown. */
export const checkpointStep: SweepStep = {
  name: "audit-checkpoint",
  *run(ctx) {
    const last = readOne<Pick<AuditCheckpointRow, "at">>(
      prepareCached(getSqlite(), "SELECT at FROM audit_checkpoints ORDER BY id DESC LIMIT 1"),
    );
    if (last && ctx.now.getTime() - Date.parse(last.at) < CHECKPOINT_EVERY_MS) return;
    writeCheckpoint({ now: ctx.now });
    yield { step: "audit-checkpoint", phase: "applied" };
  },
};
