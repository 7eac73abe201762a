/**
 * Encrypted file storage for the portal's sensitive files (reference face photos first).
 *
 * On disk every file is  'BRP1' (4) | IV (12) | GCM tag (16) | AES-256-GCM ciphertext,
 * so the stored bytes never start with an image signature (DP-02) and a reader can tell our
 * format (and its version) from anything else. The additional authenticated data is the
 * magic plus the storage name: a ciphertext copied or renamed onto another attachment's
 * name fails authentication instead of silently showing another resident's face.
 *
 * Names are 128 random bits as 32 lowercase hex chars, generated here; readers accept
 * nothing else, so a caller-supplied name can never reach outside the files directory
 * (`../../etc/passwd`, `CON`, absolute paths…). The directory is 0700, files 0600, and a
 * files directory under the web root (`public/`) is refused outright (UP-05).
 *
 * Writes go to a temp file in the same directory, are fsynced, then renamed and the
 * directory fsynced: after a crash there is either the whole file or a `.tmp-*` leftover
 * (which `listStoredFiles` reports so the orphan sweep can delete it), never a half file
 * under a real name.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { getRuntime } from "../core/runtime.server";

export const FILE_MAGIC = Buffer.from("BRP1", "ascii");
const IV_BYTES = 12; // 96-bit IV: the GCM recommendation (NIST SP 800-38D)
const TAG_BYTES = 16;
const HEADER_BYTES = FILE_MAGIC.length + IV_BYTES + TAG_BYTES;
export const STORAGE_NAME_RE = /^[0-9a-f]{32}$/;
const TEMP_NAME_RE = /^\.tmp-[0-9a-f]{32}$/;

export interface FileStoreOptions {
  /** Defaults to the runtime's config.filesDir (resolved against the working directory). */
  filesDir?: string;
  /** Defaults to the runtime's config.dataKey (32 bytes). */
  key?: Buffer;
}

export class StoredFileError extends Error {
  constructor(
    readonly code: "bad_name" | "bad_format" | "auth_failed" | "bad_key" | "unsafe_dir",
    message: string,
  ) {
    super(message);
    this.name = "StoredFileError";
  }
}

export function isStorageName(name: unknown): name is string {
  return typeof name === "string" && STORAGE_NAME_RE.test(name);
}

function assertStorageName(name: unknown): asserts name is string {
  if (!isStorageName(name))
    throw new StoredFileError("bad_name", "invalid storage name (expected 32 lowercase hex characters)");
}

export function resolveFilesDir(filesDir?: string): string {
  const dir = path.resolve(filesDir ?? getRuntime().config.filesDir);
  const webRoot = path.resolve("public");
  if (dir === webRoot || dir.startsWith(webRoot + path.sep)) {
    throw new StoredFileError("unsafe_dir", "the encrypted files directory must not be under public/");
  }
  return dir;
}

function resolveKey(key?: Buffer): Buffer {
  const k = key ?? getRuntime().config.dataKey;
  if (!Buffer.isBuffer(k) || k.length !== 32)
    throw new StoredFileError("bad_key", "data key must be 32 bytes (AES-256)");
  return k;
}

function ensureDir(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const st = fs.statSync(dir);
  if (!st.isDirectory()) throw new StoredFileError("unsafe_dir", "files directory is not a directory");
  if ((st.mode & 0o077) !== 0) {
    try {
      fs.chmodSync(dir, 0o700);
    } catch {
      /* not ours to change (operator-managed mount): files themselves are still 0600 */
    }
  }
}

/** fsync a directory so a rename/unlink inside it survives power loss (no-op where unsupported). */
export function fsyncDir(dir: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(dir, "r");
    fs.fsyncSync(fd);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== "EISDIR" && code !== "EINVAL" && code !== "EPERM" && code !== "EBADF") throw err;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

function aad(storageName: string): Buffer {
  return Buffer.concat([FILE_MAGIC, Buffer.from(storageName, "ascii")]);
}

export function encryptForName(plain: Buffer, storageName: string, key: Buffer): Buffer {
  const iv = crypto.randomBytes(IV_BYTES);
  const cipher = crypto.createCipheriv("aes-256-gcm", key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(aad(storageName));
  const ciphertext = Buffer.concat([cipher.update(plain), cipher.final()]);
  return Buffer.concat([FILE_MAGIC, iv, cipher.getAuthTag(), ciphertext]);
}

export function decryptForName(stored: Buffer, storageName: string, key: Buffer): Buffer {
  if (stored.length < HEADER_BYTES || !stored.subarray(0, FILE_MAGIC.length).equals(FILE_MAGIC)) {
    throw new StoredFileError("bad_format", "stored file is not in the BRP1 format");
  }
  const iv = stored.subarray(FILE_MAGIC.length, FILE_MAGIC.length + IV_BYTES);
  const tag = stored.subarray(FILE_MAGIC.length + IV_BYTES, HEADER_BYTES);
  const decipher = crypto.createDecipheriv("aes-256-gcm", key, iv, { authTagLength: TAG_BYTES });
  decipher.setAAD(aad(storageName));
  decipher.setAuthTag(tag);
  try {
    return Buffer.concat([decipher.update(stored.subarray(HEADER_BYTES)), decipher.final()]);
  } catch {
    throw new StoredFileError("auth_failed", "stored file failed authentication (tampered, renamed or wrong key)");
  }
}

/** Encrypts `plain` and writes it under a fresh random name (0600, atomically). Returns the name. */
export function storeEncrypted(plain: Buffer, opts: FileStoreOptions = {}): string {
  const dir = resolveFilesDir(opts.filesDir);
  const key = resolveKey(opts.key);
  ensureDir(dir);
  const storageName = crypto.randomBytes(16).toString("hex");
  const finalPath = path.join(dir, storageName);
  const tempPath = path.join(dir, `.tmp-${storageName}`);
  const payload = encryptForName(plain, storageName, key);
  // 'wx': never follow or reuse an existing path; 0600 from creation (no chmod window).
  const fd = fs.openSync(tempPath, "wx", 0o600);
  try {
    let off = 0;
    while (off < payload.length) off += fs.writeSync(fd, payload, off, payload.length - off);
    fs.fsyncSync(fd);
  } catch (err) {
    fs.closeSync(fd);
    fs.rmSync(tempPath, { force: true });
    throw err;
  }
  fs.closeSync(fd);
  if (fs.existsSync(finalPath)) {
    // 2^-128 odds; never clobber an existing attachment.
    fs.rmSync(tempPath, { force: true });
    throw new Error("storage name collision");
  }
  fs.renameSync(tempPath, finalPath);
  fsyncDir(dir);
  return storageName;
}

/** Reads and decrypts a stored file. Throws StoredFileError on a bad name or failed authentication. */
export function readDecrypted(storageName: string, opts: FileStoreOptions = {}): Buffer {
  assertStorageName(storageName);
  const dir = resolveFilesDir(opts.filesDir);
  const key = resolveKey(opts.key);
  return decryptForName(fs.readFileSync(path.join(dir, storageName)), storageName, key);
}

/**
 * Best-effort overwrite with zeros, fsync, unlink, fsync the directory. Returns true when the
 * file is gone (including "was already gone"). The overwrite is defence in depth only: on
 * SSDs and copy-on-write or journaling filesystems the old blocks may survive, which is why
 * the file only ever held AES-256-GCM ciphertext in the first place.
 */
export function shredStoredFile(name: string, opts: { filesDir?: string } = {}): boolean {
  if (!isStorageName(name) && !TEMP_NAME_RE.test(name)) throw new StoredFileError("bad_name", "invalid storage name");
  const dir = resolveFilesDir(opts.filesDir);
  const file = path.join(dir, name);
  let st: fs.Stats;
  try {
    st = fs.lstatSync(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return true;
    throw err;
  }
  if (st.isFile() && st.size > 0) {
    try {
      const fd = fs.openSync(file, "r+");
      try {
        const zeros = Buffer.alloc(Math.min(st.size, 64 * 1024));
        let off = 0;
        while (off < st.size) off += fs.writeSync(fd, zeros, 0, Math.min(zeros.length, st.size - off), off);
        fs.fsyncSync(fd);
      } finally {
        fs.closeSync(fd);
      }
    } catch {
      /* best effort: unlinking below is what matters */
    }
  }
  try {
    fs.unlinkSync(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
  }
  fsyncDir(dir);
  return true;
}

export interface StoredFileEntry {
  name: string;
  /** A `.tmp-*` leftover of an interrupted write. */
  temp: boolean;
  mtimeMs: number;
}

/** Regular files in the files directory that this module could have written (others are ignored). */
export function listStoredFiles(opts: { filesDir?: string } = {}): StoredFileEntry[] {
  const dir = resolveFilesDir(opts.filesDir);
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw err;
  }
  const out: StoredFileEntry[] = [];
  for (const e of entries) {
    if (!e.isFile()) continue; // no symlinks, no directories
    const temp = TEMP_NAME_RE.test(e.name);
    if (!temp && !isStorageName(e.name)) continue;
    out.push({ name: e.name, temp, mtimeMs: fs.lstatSync(path.join(dir, e.name)).mtimeMs });
  }
  return out;
}
