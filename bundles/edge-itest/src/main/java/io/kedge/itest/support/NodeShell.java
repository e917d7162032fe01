package io.kedge.itest.support;

import static org.assertj.core.api.Assertions.assertThat;

import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

/** The node's Gogo commands and services as a test sees them, without a shell. */
public final class NodeShell {
    private NodeShell() {
    }

    /** What {@code kedge:<function>} prints, called as Gogo calls it: the command service's no-argument method. */
    public static String kedgeCommand(BundleContext context, String function) throws Exception {
        ServiceReference<?>[] references = context.getServiceReferences((String) null,
                "(&(osgi.command.scope=kedge)(osgi.command.function=" + function + "))");
        assertThat(references).as("the kedge:" + function + " command").hasSize(1);
        Object command = context.getService(references[0]);
        try {
            return (String) command.getClass().getMethod(function).invoke(command);
        } finally {
            context.ungetService(references[0]);
        }
    }

    /** Whether a service of {@code type} matching {@code filter} (null: any) is registered. */
    public static boolean hasService(BundleContext context, Class<?> type, String filter) {
        try {
            return !context.getServiceReferences(type, filter).isEmpty();
        } catch (InvalidSyntaxException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
