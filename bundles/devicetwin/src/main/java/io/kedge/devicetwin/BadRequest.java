package io.kedge.devicetwin;

/** A payload DeviceTwin refuses, with the reason KubeEdge gives for it. */
final class BadRequest extends Exception {
    private static final long serialVersionUID = 1L;

    BadRequest(String reason) {
        super(reason, null, false, false);
    }
}
