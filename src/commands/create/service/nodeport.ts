import { serviceCommand } from '../../../cli/create-service-command.js';

export default class CreateServiceNodePort extends serviceCommand('NodePort') {}
