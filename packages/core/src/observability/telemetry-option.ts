/**
 * OpenTelemetry for depledger: `true` uses the application's global tracer and meter providers
 * (@opentelemetry/api, an optional peer dependency); or give a tracer and a meter of your own
 * (`Tracer` and `Meter` from @opentelemetry/api). Off by default; when the API is not installed,
 * asking for it changes nothing.
 */
export type TelemetryOption = boolean | Readonly<{ tracer?: object; meter?: object }>;
