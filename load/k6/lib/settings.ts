// Where the platform is and who signs in; every value can be set with `k6 run -e NAME=value`.
export const settings = {
  apiUrl: __ENV.API_URL ?? 'http://localhost:3001',
  gatewayUrl: __ENV.GATEWAY_URL ?? 'ws://localhost:3006/ws',
  /** Students `<prefix>-0001` … created by the seed command (see load/README.md). */
  studentPrefix: __ENV.STUDENT_PREFIX ?? 'load',
  students: Number(__ENV.STUDENTS ?? '10000'),
  password: __ENV.PASSWORD ?? 'demo-password',
};

export function studentId(index: number): string {
  return `${settings.studentPrefix}-${String((index % settings.students) + 1).padStart(4, '0')}`;
}
