import { bindingCommand } from '../../cli/create-binding-command.js';

export default class CreateClusterRoleBinding extends bindingCommand(true) {}
