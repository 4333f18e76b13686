/**
 * Executor of `httpSensor`: a 404, or an answer that fails the response
 * check, means "not yet"; another status of 400 or more fails the task
 * (Airflow's HttpSensor). The XCom is the (filtered) body of the passing answer.
 */
import type { HttpSensorConfig } from '../../sdk/sensors/http-sensor.js';
import { filteredBody, responseCheckProblem, sendConfiguredRequest } from '../http/http-request.js';
import { met, notMet, sensorExecutor } from './sensor.js';

export const httpSensorExecutor = sensorExecutor<HttpSensorConfig>({
  async poke(config, ctx) {
    const { request } = config;
    const { response, body } = await sendConfiguredRequest(request, ctx, false);
    const accepted = request.responseCheck?.status ?? null;
    if (accepted === null || !accepted.includes(response.status)) {
      if (response.status === 404) return notMet(`${response.url} answered 404 Not Found`);
      if (accepted === null && response.status >= 400) {
        throw new Error(`${ctx.where}: ${response.url} answered ${response.status} ${response.statusText}: only 404 means "not yet" for an HTTP sensor`);
      }
    }
    const problem = request.responseCheck ? responseCheckProblem(ctx, request.responseCheck, response, body) : null;
    if (problem !== null) return notMet(problem);
    return met(filteredBody(request, ctx, response, body));
  },
});
