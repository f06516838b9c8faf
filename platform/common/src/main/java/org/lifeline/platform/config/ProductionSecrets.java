package org.lifeline.platform.config;

import io.quarkus.runtime.LaunchMode;
import org.eclipse.microprofile.config.ConfigProvider;

import java.util.Optional;

/**
 * Keys a service must be given in production. The local stack ({@code ./lifeline up}, the test harnesses, which set
 * {@code LIFELINE_LOCAL_STACK=true}) and Quarkus' dev and test modes may run on a value known to everyone, or on one
 * generated for the process; anywhere else a missing, known or short key stops the service at start with a message
 * that names the variable to set, Chinese first. A service that silently signs check-in codes or passes with a key
 * from the source code lets anyone forge them.
 */
public final class ProductionSecrets {

    /** The environment variable that marks a process as part of the local stack. */
    public static final String LOCAL_STACK_ENV = "LIFELINE_LOCAL_STACK";
    static final String LOCAL_STACK_PROPERTY = "lifeline.local-stack";

    private ProductionSecrets() {
    }

    /** Whether this process may run on local defaults: dev or test mode, or {@code lifeline.local-stack=true}. */
    public static boolean localStack() {
        if (LaunchMode.current() != LaunchMode.NORMAL) {
            return true;
        }
        return ConfigProvider.getConfig().getOptionalValue(LOCAL_STACK_PROPERTY, Boolean.class).orElse(false);
    }

    /**
     * The key to use. Locally: the configured value, else {@code localDefault}. In production: the configured value,
     * which must be set, differ from {@code localDefault} and have at least {@code minLength} characters.
     *
     * @param env the environment variable the operator sets (named in the refusal)
     * @param whatZh what the key protects, in Chinese; {@code whatEn} in English
     */
    public static String require(Optional<String> configured, String localDefault, int minLength, boolean localStack,
            String env, String whatZh, String whatEn) {
        String value = configured.map(String::strip).filter(s -> !s.isEmpty()).orElse(null);
        if (localStack) {
            return value != null ? value : localDefault;
        }
        String reasonZh;
        String reasonEn;
        if (value == null) {
            reasonZh = "未设置";
            reasonEn = "is not set";
        } else if (localDefault != null && value.equals(localDefault)) {
            reasonZh = "仍是源代码中的本地默认值";
            reasonEn = "is the local default from the source code";
        } else if (value.length() < minLength) {
            reasonZh = "短于 " + minLength + " 个字符";
            reasonEn = "is shorter than " + minLength + " characters";
        } else {
            return value;
        }
        throw refusal(env, reasonZh, reasonEn, whatZh, whatEn);
    }

    /** The refusal to start in production, for a key that is not set, known or too short. */
    public static IllegalStateException refusal(String env, String reasonZh, String reasonEn, String whatZh, String whatEn) {
        return new IllegalStateException("服务拒绝启动：" + env + " " + reasonZh + "（" + whatZh + "）。生产环境必须从 Secret 提供该密钥；"
                + "仅本地环境（" + LOCAL_STACK_ENV + "=true）可使用默认值。"
                + " The service refuses to start: " + env + " " + reasonEn + " (" + whatEn + "). Production must take it"
                + " from a Secret; only the local stack (" + LOCAL_STACK_ENV + "=true) may run on a default.");
    }
}
