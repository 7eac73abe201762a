/** Migration folders as they were before a given migration: for tests that migrate a database holding data. */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

/**
 * A copy of `folder` whose journal stops just before the migration whose tag ends with `tag`
 * (later migrations are left out too): apply it, add rows, then apply the real folder.
 */
export function copyMigrationsBefore(folder: string, tag: string): string {
  const copy = fs.mkdtempSync(path.join(os.tmpdir(), "portal-mig-"));
  fs.cpSync(folder, copy, { recursive: true });
  const journalPath = path.join(copy, "meta/_journal.json");
  const journal = JSON.parse(fs.readFileSync(journalPath, "utf8")) as { entries: { tag: string }[] };
  const at = journal.entries.findIndex((e) => e.tag.endsWith(tag));
  if (at < 0) throw new Error(`no migration ${tag} in ${folder}`);
  journal.entries = journal.entries.slice(0, at);
  fs.writeFileSync(journalPath, JSON.stringify(journal));
  return copy;
}
