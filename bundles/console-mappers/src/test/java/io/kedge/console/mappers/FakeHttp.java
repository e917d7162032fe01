package io.kedge.console.mappers;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;

/** A request and a response of the servlet API, enough for the plugin's POSTs. */
final class FakeHttp {
    private FakeHttp() {
    }

    static final class Response {
        int status = 200;
        final StringWriter body = new StringWriter();
        final HttpServletResponse servlet = (HttpServletResponse) Proxy.newProxyInstance(
                FakeHttp.class.getClassLoader(), new Class<?>[] {HttpServletResponse.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "setStatus" -> status = (Integer) args[0];
                        case "sendError" -> status = (Integer) args[0];
                        case "getWriter" -> {
                            return new PrintWriter(body, true);
                        }
                        default -> {
                        }
                    }
                    return null;
                });
    }

    /**
     * @param declaredLength the Content-Length the request says, -1 for none
     */
    static HttpServletRequest post(String pathInfo, Map<String, String> headers, Map<String, String> parameters,
            byte[] body, long declaredLength) {
        Map<String, String> lower = new HashMap<>();
        headers.forEach((name, value) -> lower.put(name.toLowerCase(), value));
        ByteArrayInputStream in = new ByteArrayInputStream(body);
        ServletInputStream stream = new ServletInputStream() {
            @Override
            public int read() {
                return in.read();
            }

            @Override
            public int read(byte[] b, int off, int len) {
                return in.read(b, off, len);
            }

            @Override
            public boolean isFinished() {
                return in.available() == 0;
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setReadListener(ReadListener listener) {
            }
        };
        return (HttpServletRequest) Proxy.newProxyInstance(FakeHttp.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getPathInfo" -> pathInfo;
                    case "getHeader" -> lower.get(((String) args[0]).toLowerCase());
                    case "getScheme" -> "http";
                    case "getParameter" -> parameters.get((String) args[0]);
                    case "getContentLengthLong" -> declaredLength;
                    case "getContentLength" -> (int) declaredLength;
                    case "getInputStream" -> stream;
                    case "getAttribute" -> null;
                    default -> null;
                });
    }
}
