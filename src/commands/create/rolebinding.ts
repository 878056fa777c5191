import { bindingCommand } from '../../cli/create-binding-command.js';

export default class CreateRoleBinding extends bindingCommand(false) {}
