import { roleCommand } from '../../cli/create-role-command.js';

export default class CreateClusterRole extends roleCommand(true) {}
