import { runArgus } from '../../argus/src/bootstrap';

runArgus({ defaults: { ARGUS_APPS: 'analyzer,api' } });
