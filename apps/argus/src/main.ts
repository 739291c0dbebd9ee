import { runArgus } from './bootstrap';

runArgus();
