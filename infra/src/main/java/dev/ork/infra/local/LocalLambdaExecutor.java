package dev.ork.infra.local;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.ork.core.port.Clock;
import dev.ork.core.port.LogStore;
import dev.ork.core.port.MessageQueue;
import dev.ork.core.port.TaskExecutor;
import dev.ork.core.port.TaskLaunch;
import dev.ork.core.run.StatusUpdate;
import dev.ork.core.workflow.ExecutorSpec;
import dev.ork.infra.lambda.LambdaExecutor;
import java.io.File;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs {@code executor: lambda} tasks on a laptop ({@code ork run}): the task's {@code handler}, a Java
 * class implementing {@link RequestHandler}, is loaded from the CLI's classpath plus extra entries
 * ({@code --classpath} / {@code ORK_CLASSPATH}, relative to the workflow root) and its
 * {@code handleRequest} is called on a virtual thread with the event the AWS wiring sends,
 * {@code {"run","task","attempt","workflow","inputs"}} ({@link LambdaExecutor#payload}) converted to the
 * handler's declared input type (a Map by default), and a minimal {@link Context}. The return value is
 * the output (as on AWS, where it is the destination record's {@code responsePayload}); an exception
 * fails the attempt with {@code <exception class>: <message>}, like a Lambda function error.
 *
 * <p>A lambda task without a handler cannot run locally: the launch fails, non-retryably, saying what to
 * add. {@link #stop} cannot interrupt a handler; it interrupts its thread and the late result is fenced.
 */
public final class LocalLambdaExecutor implements TaskExecutor, AutoCloseable {

  public static final String KIND = "lambda";
  private static final ObjectMapper MAPPER = JsonMapper.builder().build();

  private final MessageQueue<StatusUpdate> statuses;
  private final LogStore logs;
  private final Clock clock;
  private final URLClassLoader loader;
  private final Map<String, RequestHandler<Object, Object>> handlers = new ConcurrentHashMap<>();
  private final Map<String, Thread> running = new ConcurrentHashMap<>();

  /**
   * @param root the workflow root: relative classpath entries are resolved against it
   * @param classpath extra entries (jars or class folders), separated by the platform's path separator; may be null
   */
  public LocalLambdaExecutor(Path root, String classpath, MessageQueue<StatusUpdate> statuses, LogStore logs, Clock clock) {
    this.statuses = Objects.requireNonNull(statuses, "statuses");
    this.logs = logs;
    this.clock = Objects.requireNonNull(clock, "clock");
    var urls = new ArrayList<URL>();
    if (classpath != null) {
      for (var entry : classpath.split(File.pathSeparator)) {
        if (entry.isBlank()) continue;
        try {
          urls.add(root.resolve(entry.strip()).toAbsolutePath().normalize().toUri().toURL());
        } catch (MalformedURLException e) {
          throw new IllegalArgumentException("bad classpath entry " + entry + ": " + e.getMessage(), e);
        }
      }
    }
    this.loader = new URLClassLoader("ork-tasks", urls.toArray(URL[]::new), LocalLambdaExecutor.class.getClassLoader());
  }

  @Override
  public String launch(TaskLaunch launch) throws LaunchException {
    if (!(launch.task().executor() instanceof ExecutorSpec.Lambda spec)) {
      throw new LaunchException("task " + launch.task().name() + " is not a lambda task", false);
    }
    var task = launch.task().name();
    if (spec.handler() == null || spec.handler().isBlank()) {
      throw new LaunchException("lambda task '" + task + "' has no handler: add `handler: com.acme.MyHandler` (a class "
          + "implementing com.amazonaws.services.lambda.runtime.RequestHandler) to run it locally", false);
    }
    var handler = handler(task, spec.handler());
    var id = "local-" + UUID.randomUUID();
    var key = launch.attemptId();
    var payload = LambdaExecutor.payload(launch);
    var thread = Thread.ofVirtual().name("ork-lambda-" + task).unstarted(() -> invoke(launch, handler, payload, id, key));
    running.put(key, thread);
    thread.start();
    return id;
  }

  private void invoke(TaskLaunch launch, RequestHandler<Object, Object> handler, JsonNode payload, String id, String key) {
    StatusUpdate update;
    try {
      Object event = MAPPER.convertValue(payload, MAPPER.constructType(inputType(handler.getClass())));
      Object result = handler.handleRequest(event, new LocalContext(launch, id, this::log));
      JsonNode output = result == null ? null : MAPPER.valueToTree(result);
      update = new StatusUpdate(launch.runId(), launch.task().name(), launch.attempt(), StatusUpdate.Kind.SUCCEEDED,
          output == null || output.isNull() ? null : output, null, id, clock.now());
    } catch (Throwable e) {
      var message = e.getMessage() == null ? "" : ": " + e.getMessage();
      log(launch, "stderr", e.getClass().getName() + message);
      update = new StatusUpdate(launch.runId(), launch.task().name(), launch.attempt(), StatusUpdate.Kind.FAILED, null,
          "lambda handler failed: " + e.getClass().getName() + message, id, clock.now());
    } finally {
      running.remove(key);
    }
    statuses.send(update);
  }

  private void log(TaskLaunch l, String stream, String text) {
    if (logs == null) return;
    try {
      logs.append(l.runId(), l.task().name(), l.attempt(), stream, text.endsWith("\n") ? text : text + "\n");
    } catch (RuntimeException ignored) {
      // logs are best effort
    }
  }

  @SuppressWarnings("unchecked")
  private RequestHandler<Object, Object> handler(String task, String className) throws LaunchException {
    try {
      return handlers.computeIfAbsent(className, n -> {
        try {
          var cls = Class.forName(n, true, loader);
          if (!RequestHandler.class.isAssignableFrom(cls)) {
            throw new IllegalArgumentException(n + " does not implement com.amazonaws.services.lambda.runtime.RequestHandler");
          }
          return (RequestHandler<Object, Object>) cls.getDeclaredConstructor().newInstance();
        } catch (ClassNotFoundException e) {
          throw new IllegalArgumentException("handler class " + n + " not found on the classpath (add its jar or "
              + "classes folder with --classpath or ORK_CLASSPATH)");
        } catch (ReflectiveOperationException | LinkageError e) {
          throw new IllegalArgumentException("cannot create handler " + n + ": " + e);
        }
      });
    } catch (IllegalArgumentException e) {
      throw new LaunchException("lambda task '" + task + "': " + e.getMessage(), false);
    }
  }

  /** The {@code I} of {@code RequestHandler<I, O>} as declared by the class (Object when not found). */
  static Type inputType(Class<?> cls) {
    for (Class<?> c = cls; c != null && c != Object.class; c = c.getSuperclass()) {
      for (var t : c.getGenericInterfaces()) {
        if (t instanceof ParameterizedType p && p.getRawType() == RequestHandler.class) {
          var arg = p.getActualTypeArguments()[0];
          return arg instanceof Class<?> || arg instanceof ParameterizedType ? arg : Object.class;
        }
      }
    }
    return Object.class;
  }

  @Override
  public void stop(String runId, String taskName, int attempt, String executionId, String reason) {
    var t = running.get(runId + ":" + taskName + ":" + attempt);
    if (t != null) t.interrupt();
  }

  @Override
  public void close() {
    running.values().forEach(Thread::interrupt);
    try {
      loader.close();
    } catch (java.io.IOException ignored) {
      // nothing to release
    }
  }

  /** A minimal Lambda context: ids, names, a logger into the log store, 15 minutes remaining. */
  private record LocalContext(TaskLaunch launch, String requestId, Logs logs) implements Context {
    interface Logs {
      void append(TaskLaunch l, String stream, String text);
    }

    public String getAwsRequestId() { return requestId; }
    public String getLogGroupName() { return "local"; }
    public String getLogStreamName() { return launch.attemptId(); }
    public String getFunctionName() { return ((ExecutorSpec.Lambda) launch.task().executor()).function(); }
    public String getFunctionVersion() { return "$LATEST"; }
    public String getInvokedFunctionArn() { return "arn:aws:lambda:local:000000000000:function:" + getFunctionName(); }
    public CognitoIdentity getIdentity() { return null; }
    public ClientContext getClientContext() { return null; }
    public int getRemainingTimeInMillis() { return 900_000; }
    public int getMemoryLimitInMB() { return 1024; }

    public LambdaLogger getLogger() {
      return new LambdaLogger() {
        public void log(String message) { logs.append(launch, "stdout", message); }
        public void log(byte[] message) { logs.append(launch, "stdout", new String(message, StandardCharsets.UTF_8)); }
      };
    }
  }
}
