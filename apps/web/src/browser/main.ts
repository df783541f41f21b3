import './zod-jitless.setup';
import { ApiClient } from './api.client';
import { StudentPage } from './student-page';

interface PageConfig {
  apiUrl: string;
  gatewayUrl: string;
}

async function main(): Promise<void> {
  const config = (await (await fetch('/config.json')).json()) as PageConfig;
  new StudentPage(document, new ApiClient(config.apiUrl), config.gatewayUrl).start();
}

void main();
