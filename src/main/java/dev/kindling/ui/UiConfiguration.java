package dev.kindling.ui;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import dev.kindling.platform.DriverRole;

/**
 * {@code /} redirects to the UI, and {@code /ui/} is its page. The page, its modules and
 * its stylesheet are static resources; they need no API key (they hold no data), while
 * every call they make to the API does.
 */
@Configuration(proxyBeanMethods = false)
@DriverRole
class UiConfiguration implements WebMvcConfigurer {

	@Override
	public void addViewControllers(ViewControllerRegistry registry) {
		registry.addRedirectViewController("/", "/ui/");
		registry.addRedirectViewController("/ui", "/ui/");
		registry.addViewController("/ui/").setViewName("forward:/ui/index.html");
	}

}
