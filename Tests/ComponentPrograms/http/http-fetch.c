// A wasi:http 0.2.3 client, built as a component by scripts/build-component-programs
// with the world in http/wit (no wit-bindgen: the canonical ABI is written out
// below). `fetch` POSTs a body with the header `x-request: from-wasm` to
// http://AUTHORITY/PATH and returns the response's status, headers and body.
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define IMPORT(module, name) __attribute__((import_module(module), import_name(name)))
#define TYPES "wasi:http/types@0.2.3"
#define STREAMS "wasi:io/streams@0.2.3"
#define POLL "wasi:io/poll@0.2.3"

typedef uint32_t handle;

// Results with more than one flat value come back through a return area.
typedef struct { _Alignas(8) uint8_t bytes[64]; } area;

IMPORT(TYPES, "[constructor]fields") handle fields_new(void);
IMPORT(TYPES, "[method]fields.append") void fields_append(handle, const char *, size_t, const uint8_t *, size_t, area *);
IMPORT(TYPES, "[method]fields.entries") void fields_entries(handle, area *);
IMPORT(TYPES, "[resource-drop]fields") void fields_drop(handle);
IMPORT(TYPES, "[constructor]outgoing-request") handle request_new(handle headers);
IMPORT(TYPES, "[method]outgoing-request.set-method") uint32_t request_set_method(handle, uint32_t, const char *, size_t);
IMPORT(TYPES, "[method]outgoing-request.set-scheme") uint32_t request_set_scheme(handle, uint32_t, uint32_t, const char *, size_t);
IMPORT(TYPES, "[method]outgoing-request.set-authority") uint32_t request_set_authority(handle, uint32_t, const char *, size_t);
IMPORT(TYPES, "[method]outgoing-request.set-path-with-query") uint32_t request_set_path(handle, uint32_t, const char *, size_t);
IMPORT(TYPES, "[method]outgoing-request.body") void request_body(handle, area *);
IMPORT(TYPES, "[method]outgoing-body.write") void body_write(handle, area *);
IMPORT(TYPES, "[static]outgoing-body.finish") void body_finish(handle, uint32_t, handle, area *);
IMPORT(TYPES, "[method]future-incoming-response.subscribe") handle future_subscribe(handle);
IMPORT(TYPES, "[method]future-incoming-response.get") void future_get(handle, area *);
IMPORT(TYPES, "[resource-drop]future-incoming-response") void future_drop(handle);
IMPORT(TYPES, "[method]incoming-response.status") uint32_t response_status(handle);
IMPORT(TYPES, "[method]incoming-response.headers") handle response_headers(handle);
IMPORT(TYPES, "[method]incoming-response.consume") void response_consume(handle, area *);
IMPORT(TYPES, "[resource-drop]incoming-response") void response_drop(handle);
IMPORT(TYPES, "[method]incoming-body.stream") void incoming_body_stream(handle, area *);
IMPORT(TYPES, "[resource-drop]incoming-body") void incoming_body_drop(handle);
IMPORT("wasi:http/outgoing-handler@0.2.3", "handle") void handler_handle(handle, uint32_t, handle, area *);
IMPORT(POLL, "[method]pollable.block") void pollable_block(handle);
IMPORT(POLL, "[resource-drop]pollable") void pollable_drop(handle);
IMPORT(STREAMS, "[method]output-stream.blocking-write-and-flush") void output_write(handle, const uint8_t *, size_t, area *);
IMPORT(STREAMS, "[resource-drop]output-stream") void output_drop(handle);
IMPORT(STREAMS, "[method]input-stream.blocking-read") void input_read(handle, uint64_t, area *);
IMPORT(STREAMS, "[resource-drop]input-stream") void input_drop(handle);

__attribute__((export_name("cabi_realloc")))
void *cabi_realloc(void *old, size_t old_size, size_t align, size_t new_size) {
    (void)old_size;
    (void)align;  // malloc aligns to 16, more than any component type needs
    return realloc(old, new_size ? new_size : 1);
}

static uint8_t u8_at(const area *a, size_t offset) { return a->bytes[offset]; }
static uint32_t u32_at(const area *a, size_t offset) { uint32_t v; memcpy(&v, a->bytes + offset, 4); return v; }

// result<response, string>: discriminant at 0, payload at 4.
static _Alignas(4) uint8_t outcome[24];

static uint8_t *fail(const char *step, int code) {
    static char message[96];
    size_t n = strlen(step);
    memcpy(message, step, n);
    if (code >= 0) {
        const char *prefix = ": error-code ";
        memcpy(message + n, prefix, strlen(prefix));
        n += strlen(prefix);
        if (code >= 10) message[n++] = (char)('0' + code / 10);
        message[n++] = (char)('0' + code % 10);
    }
    uint32_t pointer = (uint32_t)(uintptr_t)message, length = (uint32_t)n;
    outcome[0] = 1;
    memcpy(outcome + 4, &pointer, 4);
    memcpy(outcome + 8, &length, 4);
    return outcome;
}

__attribute__((export_name("fetch")))
uint8_t *fetch(const char *authority, size_t authority_len, const char *path, size_t path_len,
               const uint8_t *body, size_t body_len) {
    area r;
    handle headers = fields_new();
    fields_append(headers, "x-request", 9, (const uint8_t *)"from-wasm", 9, &r);
    if (u8_at(&r, 0)) return fail("fields.append", -1);
    char length[24];
    size_t digits = 0;
    size_t value = body_len;
    do { length[sizeof length - 1 - digits++] = (char)('0' + value % 10); value /= 10; } while (value);
    fields_append(headers, "content-length", 14, (const uint8_t *)length + sizeof length - digits, digits, &r);
    if (u8_at(&r, 0)) return fail("fields.append content-length", -1);

    handle request = request_new(headers);
    if (request_set_method(request, 2 /* post */, 0, 0)) return fail("set-method", -1);
    if (request_set_scheme(request, 1, 0 /* HTTP */, 0, 0)) return fail("set-scheme", -1);
    if (request_set_authority(request, 1, authority, authority_len)) return fail("set-authority", -1);
    if (request_set_path(request, 1, path, path_len)) return fail("set-path-with-query", -1);

    request_body(request, &r);
    if (u8_at(&r, 0)) return fail("outgoing-request.body", -1);
    handle outgoing = u32_at(&r, 4);

    // Send the request first: the body streams to the connection it opens.
    handler_handle(request, 0, 0, &r);
    if (u8_at(&r, 0)) return fail("outgoing-handler.handle", u8_at(&r, 8));
    handle future = u32_at(&r, 8);

    body_write(outgoing, &r);
    if (u8_at(&r, 0)) return fail("outgoing-body.write", -1);
    handle stream = u32_at(&r, 4);
    // blocking-write-and-flush takes at most 4096 bytes per call.
    for (size_t offset = 0; offset < body_len; offset += 4096) {
        size_t chunk = body_len - offset < 4096 ? body_len - offset : 4096;
        output_write(stream, body + offset, chunk, &r);
        if (u8_at(&r, 0)) return fail("output-stream.blocking-write-and-flush", -1);
    }
    output_drop(stream);
    body_finish(outgoing, 0, 0, &r);
    if (u8_at(&r, 0)) return fail("outgoing-body.finish", u8_at(&r, 8));

    handle ready = future_subscribe(future);
    pollable_block(ready);
    pollable_drop(ready);
    future_get(future, &r);
    // option<result<result<incoming-response, error-code>>>: 0, 8, 16, then 24.
    if (!u8_at(&r, 0)) return fail("future-incoming-response.get: not ready", -1);
    if (u8_at(&r, 8)) return fail("future-incoming-response.get: taken", -1);
    if (u8_at(&r, 16)) return fail("future-incoming-response.get", u8_at(&r, 24));
    handle response = u32_at(&r, 24);
    future_drop(future);

    uint32_t status = response_status(response);
    handle response_fields = response_headers(response);
    fields_entries(response_fields, &r);
    uint32_t entries = u32_at(&r, 0), entry_count = u32_at(&r, 4);
    fields_drop(response_fields);

    response_consume(response, &r);
    if (u8_at(&r, 0)) return fail("incoming-response.consume", -1);
    handle incoming = u32_at(&r, 4);
    incoming_body_stream(incoming, &r);
    if (u8_at(&r, 0)) return fail("incoming-body.stream", -1);
    handle input = u32_at(&r, 4);

    uint8_t *received = malloc(1);
    size_t received_len = 0;
    for (;;) {
        input_read(input, 64 * 1024, &r);
        if (u8_at(&r, 0)) {
            if (u8_at(&r, 4) == 1) break;  // closed: the whole body arrived
            return fail("input-stream.blocking-read", -1);
        }
        uint8_t *chunk = (uint8_t *)(uintptr_t)u32_at(&r, 4);
        uint32_t chunk_len = u32_at(&r, 8);
        received = realloc(received, received_len + chunk_len + 1);
        memcpy(received + received_len, chunk, chunk_len);
        received_len += chunk_len;
        free(chunk);
    }
    input_drop(input);
    incoming_body_drop(incoming);
    response_drop(response);

    // record response { status: u16 @0, headers: list @4, body: list @12 }
    uint32_t received_pointer = (uint32_t)(uintptr_t)received, received_length = (uint32_t)received_len;
    uint16_t status16 = (uint16_t)status;
    memset(outcome, 0, sizeof outcome);
    memcpy(outcome + 4, &status16, 2);
    memcpy(outcome + 8, &entries, 4);
    memcpy(outcome + 12, &entry_count, 4);
    memcpy(outcome + 16, &received_pointer, 4);
    memcpy(outcome + 20, &received_length, 4);
    return outcome;
}
