// One field of a CSV export (list exports, the SupAnn check's findings).

/** A CSV field (RFC 4180), with formula-looking cells defused for spreadsheets. */
export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
