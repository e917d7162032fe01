package io.kedge.runtime.process;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/** Maps and lists flattened into properties under a prefix ({@code label.KEY}, {@code command.0}). */
final class Maps {

    private Maps() {
    }

    static void putMap(Properties properties, String prefix, Map<String, String> map) {
        map.forEach((key, value) -> properties.setProperty(prefix + "." + key, value));
    }

    static Map<String, String> getMap(Properties properties, String prefix) {
        Map<String, String> map = new LinkedHashMap<>();
        String start = prefix + ".";
        for (String key : properties.stringPropertyNames()) {
            if (key.startsWith(start)) {
                map.put(key.substring(start.length()), properties.getProperty(key));
            }
        }
        return map;
    }

    static void putList(Properties properties, String prefix, List<String> list) {
        for (int i = 0; i < list.size(); i++) {
            properties.setProperty(prefix + "." + i, list.get(i));
        }
    }

    static List<String> getList(Properties properties, String prefix) {
        List<String> list = new ArrayList<>();
        for (int i = 0; properties.containsKey(prefix + "." + i); i++) {
            list.add(properties.getProperty(prefix + "." + i));
        }
        return list;
    }
}
