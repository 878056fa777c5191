import { roleCommand } from '../../cli/create-role-command.js';

export default class CreateRole extends roleCommand(false) {}
