import { serviceCommand } from '../../../cli/create-service-command.js';

export default class CreateServiceExternalName extends serviceCommand('ExternalName') {}
