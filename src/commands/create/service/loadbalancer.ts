import { serviceCommand } from '../../../cli/create-service-command.js';

export default class CreateServiceLoadBalancer extends serviceCommand('LoadBalancer') {}
