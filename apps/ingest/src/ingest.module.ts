import { Module } from '@nestjs/common';
import { DetectionModule } from '../../argus/src/detection.module';
import { IngestConsumer } from './ingest.consumer';

@Module({ imports: [DetectionModule], providers: [IngestConsumer] })
export class IngestModule {}
