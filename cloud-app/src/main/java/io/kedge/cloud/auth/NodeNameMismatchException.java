package io.kedge.cloud.auth;

/** A CSR whose subject does not name the node that asks for it: signing it would let one node act as another. */
public final class NodeNameMismatchException extends CsrRejectedException {
    private static final long serialVersionUID = 1L;

    private final String expectedCommonName;
    private final String actualSubject;

    public NodeNameMismatchException(String expectedCommonName, String actualSubject) {
        super("CSR subject '" + actualSubject + "' must have exactly the common name '" + expectedCommonName + "'");
        this.expectedCommonName = expectedCommonName;
        this.actualSubject = actualSubject;
    }

    public String expectedCommonName() {
        return expectedCommonName;
    }

    public String actualSubject() {
        return actualSubject;
    }
}
