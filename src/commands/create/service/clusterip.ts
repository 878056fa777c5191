import { serviceCommand } from '../../../cli/create-service-command.js';

export default class CreateServiceClusterIP extends serviceCommand('ClusterIP') {}
