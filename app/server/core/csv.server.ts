/**
 * CSV cells for every export (the regulator's case export, the vendor's queue): in core because
 * two features write CSV and neither should import the other for it.
 */

/** Quotes a CSV cell and defuses formula injection (OWASP CSV injection guidance). */
export function csvCell(value: unknown): string {
  let s = value == null ? "" : String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s;
}
