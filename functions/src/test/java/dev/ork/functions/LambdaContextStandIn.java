package dev.ork.functions;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;

/** The Lambda context a handler gets on AWS, reduced to what Ork reads: the request id and the memory limit. */
record LambdaContextStandIn(String function, int memoryMb) implements Context {
  public String getAwsRequestId() { return java.util.UUID.randomUUID().toString(); }
  public String getLogGroupName() { return "/aws/lambda/" + function; }
  public String getLogStreamName() { return "stand-in"; }
  public String getFunctionName() { return function; }
  public String getFunctionVersion() { return "$LATEST"; }
  public String getInvokedFunctionArn() { return "arn:aws:lambda:us-east-1:123456789012:function:" + function; }
  public CognitoIdentity getIdentity() { return null; }
  public ClientContext getClientContext() { return null; }
  public int getRemainingTimeInMillis() { return 60_000; }
  public int getMemoryLimitInMB() { return memoryMb; }
  public LambdaLogger getLogger() {
    return new LambdaLogger() {
      public void log(String message) { System.out.print(message); }
      public void log(byte[] message) { System.out.print(new String(message, java.nio.charset.StandardCharsets.UTF_8)); }
    };
  }
}
