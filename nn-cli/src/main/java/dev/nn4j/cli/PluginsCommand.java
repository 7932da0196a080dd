package dev.nn4j.cli;

import dev.nn4j.api.PluginKind;
import dev.nn4j.api.spi.PluginProvider;
import dev.nn4j.core.PluginDiscovery;
import dev.nn4j.core.PluginRegistry;
import dev.nn4j.core.config.ConfigReader;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code nn4j plugins}: lists every installed plugin. */
@Command(name = "plugins", mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Lists every installed activation, loss and optimizer with its parameters, "
        + "their defaults, and the jar it came from.")
final class PluginsCommand implements Callable<Integer> {

  @ParentCommand
  Main main;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    PluginRegistry registry = main.plugins().registry();
    PrintWriter out = spec.commandLine().getOut();
    for (PluginKind kind : PluginKind.values()) {
      out.println(kind.plural() + ":");
      for (PluginProvider<?, ?> p : registry.providers(kind)) {
        out.println("  " + Text.escape(p.name()) + (p.description().isEmpty() ? ""
            : "  " + Text.escape(p.description())));
        out.println("      parameters: " + Text.escape(ConfigReader.describeParameters(p)));
        out.println("      from:       " + Text.escape(PluginDiscovery.origin(p.getClass())));
      }
    }
    return 0;
  }
}
