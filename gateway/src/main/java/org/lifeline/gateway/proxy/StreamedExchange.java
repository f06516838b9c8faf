package org.lifeline.gateway.proxy;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;

import java.util.function.BiConsumer;

/**
 * One streamed exchange with an upstream: the caller's request body is piped to the upstream as it
 * arrives and the upstream's answer is piped back the same way, both with back-pressure (a slow reader
 * pauses the writer), neither held in memory. The caller's request must be paused until {@link #run()}
 * starts piping, so no byte is read before the call was admitted and an upstream connection exists.
 * <p>
 * The request body is counted while piped; one byte over the limit stops the exchange (the upstream
 * request is reset, so the upstream never sees a complete body) and it fails with
 * {@link CallerAborted#tooLarge()}. A {@code Content-Length} is passed on as it is, otherwise the body
 * goes upstream chunked; a caller's {@code Expect: 100-continue} is answered when piping starts.
 * <p>
 * {@link #run()} completes with the upstream's status once the whole answer was passed on, and fails
 * when either side breaks: the upstream's errors as they are (the route's breaker counts them), the
 * caller's as {@link CallerAborted} (the breaker does not). After a failure the caller of this class
 * answers if nothing was sent yet, or else cuts the caller's connection so a partial answer can never
 * look complete. All state is kept on the caller's event loop ({@code context}).
 */
public final class StreamedExchange {

    /** The caller went away, or sent more than the limit: not the upstream's fault. */
    public static final class CallerAborted extends RuntimeException {

        private final boolean tooLarge;

        CallerAborted(String message, boolean tooLarge) {
            super(message, null, false, false);
            this.tooLarge = tooLarge;
        }

        /** The request body was over the limit (the caller should get 413 if nothing was answered yet). */
        public boolean tooLarge() {
            return tooLarge;
        }
    }

    private final HttpClient client;
    private final Context context;
    private final UpstreamRequest request;
    private final HttpServerRequest in;
    private final HttpServerResponse out;
    private final long maxBodyBytes;
    private final BiConsumer<MultiMap, MultiMap> answerHeaders;
    private final Promise<UpstreamResponse> outcome = Promise.promise();

    // touched on the context's event loop only
    private boolean started;
    private boolean aborted;
    private boolean bodyRead;
    private long received;
    private HttpClientRequest upstream;

    StreamedExchange(HttpClient client, Context context, UpstreamRequest request, HttpServerRequest in,
            HttpServerResponse out, long maxBodyBytes, BiConsumer<MultiMap, MultiMap> answerHeaders) {
        this.client = client;
        this.context = context;
        this.request = request;
        this.in = in;
        this.out = out;
        this.maxBodyBytes = maxBodyBytes;
        this.answerHeaders = answerHeaders;
    }

    /** Runs the exchange once; see the class comment for how it ends. */
    public Uni<UpstreamResponse> run() {
        return Uni.createFrom().completionStage(() -> {
            onContext(this::start);
            return outcome.future().toCompletionStage();
        });
    }

    /** Stops both sides: nothing more is read from the caller, the upstream request is reset. Idempotent. */
    public void abort() {
        onContext(this::stop);
    }

    /** The caller's connection closed before the answer was complete. */
    public void callerGone() {
        onContext(() -> fail(new CallerAborted("the caller closed the connection", false)));
    }

    private void start() {
        if (aborted) {
            return; // the caller left while the exchange waited for a bulkhead slot: already failed
        }
        if (started) {
            fail(new IllegalStateException("a streamed exchange runs once"));
            return;
        }
        started = true;
        RequestOptions options = VertxUpstreamClient.options(request);
        String length = in.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null) {
            options.putHeader(HttpHeaders.CONTENT_LENGTH, length);
        }
        client.request(options).onComplete(connected -> {
            if (connected.failed()) {
                fail(connected.cause());
                return;
            }
            HttpClientRequest req = connected.result();
            if (aborted) {
                req.reset();
                return;
            }
            upstream = req;
            req.exceptionHandler(this::fail);
            req.response().onComplete(answer -> {
                if (answer.succeeded()) {
                    answer(answer.result());
                } else {
                    fail(answer.cause());
                }
            });
            pipeRequestBody(req, length != null);
        });
    }

    private void pipeRequestBody(HttpClientRequest req, boolean lengthKnown) {
        in.exceptionHandler(e -> fail(new CallerAborted("the caller's request failed: " + e, false)));
        in.handler(chunk -> {
            if (aborted) {
                return;
            }
            received += chunk.length();
            if (received > maxBodyBytes) {
                fail(new CallerAborted("request body over " + maxBodyBytes + " bytes", true));
                return;
            }
            if (!lengthKnown && !req.isChunked()) {
                req.setChunked(true); // before the first byte, so the head says so
            }
            req.write(chunk);
            if (req.writeQueueFull()) {
                in.pause();
                req.drainHandler(v -> {
                    if (!aborted) {
                        in.resume();
                    }
                });
            }
        });
        in.endHandler(v -> {
            if (!aborted) {
                bodyRead = true;
                req.end();
            }
        });
        if ("100-continue".equalsIgnoreCase(in.getHeader(HttpHeaders.EXPECT)) && !out.headWritten()) {
            out.writeContinue();
        }
        in.resume();
    }

    private void answer(HttpClientResponse answer) {
        if (aborted) {
            return;
        }
        out.setStatusCode(answer.statusCode());
        answerHeaders.accept(answer.headers(), out.headers());
        String length = answer.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null) {
            out.putHeader(HttpHeaders.CONTENT_LENGTH, length);
        }
        answer.exceptionHandler(this::fail);
        answer.handler(chunk -> {
            if (aborted) {
                return;
            }
            if (length == null && !out.isChunked()) {
                out.setChunked(true);
            }
            out.write(chunk);
            if (out.writeQueueFull()) {
                answer.pause();
                out.drainHandler(v -> {
                    if (!aborted) {
                        answer.resume();
                    }
                });
            }
        });
        answer.endHandler(v -> {
            if (aborted) {
                return;
            }
            out.end();
            outcome.tryComplete(new UpstreamResponse(answer.statusCode(),
                    MultiMap.caseInsensitiveMultiMap().addAll(answer.headers()), null));
            if (!bodyRead) {
                // the upstream answered before it had the whole body: stop the upload (the caller's
                // connection is closed after this answer, see GatewayRoutes.holdBody)
                stop();
            }
        });
    }

    private void fail(Throwable failure) {
        // settle first: resetting the upstream request reports an error of its own, which must not win;
        // a late error after the exchange was settled (e.g. a kept-alive connection closing) changes nothing
        if (outcome.tryFail(failure)) {
            stop();
        }
    }

    private void stop() {
        if (aborted) {
            return;
        }
        aborted = true;
        in.pause();
        if (upstream != null) {
            upstream.reset(); // HTTP/1.1: the connection is closed, the upstream sees an incomplete request
        }
    }

    private void onContext(Runnable action) {
        if (Vertx.currentContext() == context) {
            action.run();
        } else {
            context.runOnContext(v -> action.run());
        }
    }
}
