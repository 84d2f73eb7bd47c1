// The `<n>:` prefix of ordered ACL values (gosaAclTemplate, gosaAclEntry): reading in order, re-numbering at save.

/** Ordered ACL values (role lines, assignments) by their `<n>:` prefix, then as stored; FusionDirectory reads them so. */
export function sortByIndex<T extends string>(values: readonly T[]): T[] {
  const indexOf = (v: string) => {
    const m = /^(\d+):/.exec(v);
    return m ? Number(m[1]) : Number.MAX_SAFE_INTEGER;
  };
  return values
    .map((v, i) => ({ v, i, k: indexOf(v) }))
    .sort((a, b) => a.k - b.k || a.i - b.i)
    .map((x) => x.v);
}

/** Replace the `<n>:` prefix of an ordered ACL value by `index:` (FusionDirectory re-numbers 0..n-1 at save). */
export function withIndex(value: string, index: number): string {
  const m = /^\d*:/.exec(value);
  return `${index}:${m ? value.slice(m[0].length) : value}`;
}
