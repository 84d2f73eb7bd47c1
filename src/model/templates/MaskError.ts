// The error thrown for a malformed mask or template: an AppError (`value.invalid`) that also says
// where in the mask the problem is, so an editor can point at it.
import { AppError } from '../../errors/AppError.ts';

/** Where a mask problem is: the mask text and a 0-based offset (UTF-16 code units) into it. */
export interface MaskErrorDetails {
  mask: string;
  position: number;
}

/** A malformed mask, a bad modifier argument, an unknown attribute or a template that cannot be applied. */
export class MaskError extends AppError {
  declare readonly details: MaskErrorDetails;
  /** The problem, without the position suffix of `message`. */
  readonly reason: string;

  constructor(reason: string, mask: string, position: number, attribute?: string) {
    super({
      code: 'value.invalid',
      message: `${attribute === undefined ? '' : `${attribute}: `}${reason} (at offset ${position} in ${JSON.stringify(mask)})`,
      details: { mask, position },
      ...(attribute === undefined ? {} : { attribute }),
    });
    this.name = 'MaskError';
    this.reason = reason;
  }

  /** Offset of the problem in `details.mask`. */
  get position(): number {
    return this.details.position;
  }

  /** The same error, attributed to a template field. */
  withAttribute(attribute: string): MaskError {
    return new MaskError(this.reason, this.details.mask, this.details.position, attribute);
  }
}
