// PHP's sprintf for the texts FusionDirectory stores in its configuration (mail subjects and bodies): `%s`, `%1$s`, `%%`.

/**
 * Fill `%s` (in order), `%<n>$s` (by position) and `%%`; `%d` takes the value as it is. Missing values become ''; other
 * sequences stay as written, so a stray `%` in an administrator's text does no harm.
 * @example printf('Login: %s, link: %s', 'jdoe', 'https://…') // 'Login: jdoe, link: https://…'
 */
export function printf(format: string, ...values: string[]): string {
  let next = 0;
  return format.replace(/%(?:(\d+)\$)?([sd%])/g, (whole, position: string | undefined, conversion: string) => {
    if (conversion === '%') return position === undefined ? '%' : whole;
    const index = position === undefined ? next++ : Number(position) - 1;
    return values[index] ?? '';
  });
}
