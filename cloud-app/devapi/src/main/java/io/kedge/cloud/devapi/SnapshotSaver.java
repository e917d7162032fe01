package io.kedge.cloud.devapi;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Saves the store to its state file every couple of seconds when it changed, and once more on close. */
final class SnapshotSaver implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SnapshotSaver.class);
  private static final long PERIOD_MILLIS = 2000;

  private final CrudStore store;
  private final StateFile stateFile;
  private final ScheduledExecutorService timer;
  private String lastSaved;

  SnapshotSaver(CrudStore store, StateFile stateFile) {
    this.store = store;
    this.stateFile = stateFile;
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread thread = new Thread(r, "kedge-devapi-snapshot");
      thread.setDaemon(true);
      return thread;
    });
    this.lastSaved = StateFile.render(store);
    timer.scheduleWithFixedDelay(this::saveQuietly, PERIOD_MILLIS, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
  }

  synchronized void saveIfChanged() throws IOException {
    String snapshot = StateFile.render(store);
    if (!Objects.equals(snapshot, lastSaved) || !Files.exists(stateFile.path())) {
      stateFile.write(snapshot);
      lastSaved = snapshot;
    }
  }

  private void saveQuietly() {
    try {
      saveIfChanged();
    } catch (IOException | RuntimeException e) {
      LOG.warn("Could not save state to {}", stateFile.path(), e);
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
    saveQuietly();
  }
}
