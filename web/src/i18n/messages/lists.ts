// Messages of the management lists (keys `lists.*`).
import type { AreaMessages } from './index.ts';

const messages: AreaMessages = {
  en: {},
  fr: {},
};
export default messages;
