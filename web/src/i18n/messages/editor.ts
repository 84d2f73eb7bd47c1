// Messages of the object editor, errors and "My account" (keys `editor.*`, `errors.*`, `account.*`).
import type { AreaMessages } from './index.ts';

const messages: AreaMessages = {
  en: {},
  fr: {},
};
export default messages;
