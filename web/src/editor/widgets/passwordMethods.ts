// FusionDirectory's password method names (fd-core.md §3.2): the wire values of the user password's method select.

export const PASSWORD_METHODS = [
  'ssha',
  'ssha512',
  'smd5',
  'sha',
  'md5',
  'crypt/standard-des',
  'crypt/enhanced-des',
  'crypt/md5',
  'crypt/blowfish',
  'crypt/sha-256',
  'crypt/sha-512',
  'argon2',
  'sasl',
  'clear',
  'empty',
] as const;
