// The error thrown for an ACL string or JSON value that cannot be read or written (fd-core.md §5.1, §5.2).

/** A role line or assignment that is not in FusionDirectory's format: the message says what and where. */
export class AclFormatError extends Error {
  override name = 'AclFormatError';
  /** The offending LDAP value, when the error comes from one. */
  readonly value?: string;

  constructor(message: string, value?: string) {
    super(message);
    if (value !== undefined) this.value = value;
  }
}
