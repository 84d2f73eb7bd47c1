// The mail type of tasks (fd-core.md §8.2 tasksMail, objectClass fdTasksMail): a template sent to users, groups,
// roles and dynamic groups; the recipients' addresses are recomputed at every save (fdTasksEmailsFromDN), and an
// activation creates one `Mail Object` sub-task per address.
import { AppError } from '../../errors/AppError.ts';
import type { SaveContext, TabDecl } from '../../model/declarations.ts';
import { MAIL_TYPES, activating, addressesOf, createSubTasks, dnList, expandMembers } from './subTasks.ts';
import { taskTypeTab } from './tasks.ts';

/** The recipients a task targets (members of users, groups, roles), as DNs of users. */
export const RECIPIENT_TYPES = ['user', 'ogroup', 'role', 'posixGroup'];

async function prepareMailTask(context: SaveContext): Promise<Record<string, unknown>> {
  const type = typeof context.values.fdTasksMailType === 'string' && context.values.fdTasksMailType !== '' ? context.values.fdTasksMailType : 'mail';
  const users = await expandMembers(context, dnList(context.values.fdTasksMailUsers));
  const addresses = await addressesOf(context, users, type);
  if (activating(context) && addresses.length === 0) {
    throw new AppError({ code: 'value.invalid', message: `None of the recipients has an address in "${type}": there is no one to send this mail to.`, tab: 'tasksMail', attribute: 'fdTasksMailUsers' });
  }
  return { fdTasksEmailsFromDN: addresses };
}

export const tasksMailTab: TabDecl = {
  id: 'tasksMail',
  label: 'workflow.tasksMail.tab',
  ...taskTypeTab('tasksMail'),
  objectClasses: ['fdTasksMail'],
  sections: [
    {
      key: 'mail',
      label: 'workflow.tasksMail.section',
      attributes: [
        { name: 'fdTasksMailObject', kind: 'select', choicesFromObjects: { types: ['mailTemplate'], storeAttribute: 'cn' }, label: 'workflow.tasksMail.template', required: true },
        { name: 'fdTasksEmailSender', kind: 'mail', label: 'workflow.tasksMail.sender', required: true },
        { name: 'fdTasksEmailBCC', kind: 'mail', label: 'workflow.tasksMail.bcc' },
        { name: 'fdTasksMailUsers', kind: 'dns', types: RECIPIENT_TYPES, label: 'workflow.tasksMail.users', description: 'workflow.tasksMail.users.description', required: true },
        { name: 'fdTasksMailType', kind: 'select', choices: MAIL_TYPES.map((t) => ({ value: t, label: `workflow.mailType.${t}` })), label: 'workflow.tasksMail.mailType', default: 'mail' },
        { name: 'fdTasksEmailsFromDN', kind: 'set', of: { kind: 'string' }, label: 'workflow.tasksMail.addresses', derived: true },
      ],
    },
  ],
  behaviour: {
    prepareSave: prepareMailTask,
    async afterSave(context) {
      if (!activating(context)) return;
      const template = String(context.values.fdTasksMailObject ?? '');
      const from = String(context.values.fdTasksEmailSender ?? '');
      const bcc: Record<string, string> = typeof context.values.fdTasksEmailBCC === 'string' && context.values.fdTasksEmailBCC !== '' ? { fdTasksGranularMailBCC: context.values.fdTasksEmailBCC } : {};
      const addresses = dnList(context.values.fdTasksEmailsFromDN);
      await createSubTasks(
        context,
        'Mail Object',
        addresses.map((address) => ({ key: address, attributes: { fdTasksGranularMail: address, fdTasksGranularMailFrom: from, fdTasksGranularRef: template, ...bcc } })),
        'fdTasksGranularMail',
      );
    },
  },
};
