package org.lifeline.gateway;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, for what HTTP clients do not let a test control: a request whose body
 * stops halfway, or that goes one byte over a limit, then reading the answer. Each part is written with
 * one {@code write} call; a failed write (the server closed first) is tolerated and the answer is read.
 */
final class RawHttp {

    /** The answer ({@code status} 0: none, the connection was closed); {@code closed}: closed after it. */
    record Answer(int status, Map<String, String> headers, String body, boolean closed) {
    }

    private RawHttp() {
    }

    static Answer exchange(int port, String head, byte[]... parts) throws IOException {
        return exchangeFrom(null, port, head, parts);
    }

    /** As {@link #exchange}, from a given local address (e.g. 127.0.0.2: another peer than the tests' 127.0.0.1). */
    static Answer exchangeFrom(String localAddress, int port, String head, byte[]... parts) throws IOException {
        try (Socket socket = new Socket()) {
            if (localAddress != null) {
                socket.bind(new java.net.InetSocketAddress(localAddress, 0));
            }
            socket.connect(new java.net.InetSocketAddress(localAddress != null ? "127.0.0.1" : "localhost", port));
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            try {
                out.write(head.getBytes(StandardCharsets.ISO_8859_1));
                for (byte[] part : parts) {
                    out.write(part);
                }
                out.flush();
            } catch (IOException e) {
                // the server answered and closed before it took everything: read what it said
            }
            InputStream in = socket.getInputStream();
            String statusLine = line(in);
            if (statusLine.isEmpty()) {
                return new Answer(0, Map.of(), "", true); // closed without an answer
            }
            int status = Integer.parseInt(statusLine.split(" ")[1]);
            Map<String, String> headers = new LinkedHashMap<>();
            for (String line; !(line = line(in)).isEmpty(); ) {
                int colon = line.indexOf(':');
                headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
            }
            byte[] body = in.readNBytes(Integer.parseInt(headers.getOrDefault("content-length", "0")));
            boolean closed;
            try {
                socket.setSoTimeout(10_000);
                closed = in.read() == -1;
            } catch (SocketTimeoutException e) {
                closed = false;
            } catch (IOException e) {
                closed = true; // reset
            }
            return new Answer(status, headers, new String(body, StandardCharsets.UTF_8), closed);
        }
    }

    /** The head of a request with the given headers (each "Name: value"). */
    static String head(String method, String path, String... headers) {
        StringBuilder head = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\nHost: localhost\r\n");
        for (String header : headers) {
            head.append(header).append("\r\n");
        }
        return head.append("\r\n").toString();
    }

    /** One chunk of a chunked body (its size line and data; no terminating chunk). */
    static byte[] chunk(byte[] data) {
        ByteArrayOutputStream chunk = new ByteArrayOutputStream();
        chunk.writeBytes((Integer.toHexString(data.length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        chunk.writeBytes(data);
        chunk.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        return chunk.toByteArray();
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b; (b = in.read()) != -1; ) {
            if (b == '\n') {
                break;
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }
}
