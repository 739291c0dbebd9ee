import { runArgus } from '../../argus/src/bootstrap';

runArgus({ defaults: { ARGUS_APPS: 'ingest,api' } });
