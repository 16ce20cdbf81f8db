package dev.kindling.cluster;

import io.swagger.v3.oas.annotations.Hidden;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import dev.kindling.platform.ClusterTls;
import dev.kindling.platform.DriverRole;
import dev.kindling.protocol.Decommission;
import dev.kindling.protocol.Heartbeat;
import dev.kindling.protocol.HeartbeatResponse;
import dev.kindling.protocol.Paths;
import dev.kindling.protocol.RegisterRequest;
import dev.kindling.protocol.RegisterResponse;

/**
 * Registration, heartbeats, decommission and deregistration of executors. With TLS, an
 * executor that advertises a plain-HTTP URL is refused (400): other executors would fetch
 * its blocks unencrypted.
 */
@Hidden
@RestController
@DriverRole
class ClusterInternalController {

	private final ExecutorRegistry registry;

	private final ClusterTls tls;

	ClusterInternalController(ExecutorRegistry registry, ClusterTls tls) {
		this.registry = registry;
		this.tls = tls;
	}

	@PostMapping(Paths.REGISTER)
	ResponseEntity<RegisterResponse> register(@RequestBody RegisterRequest request) {
		if (request.version() != Paths.VERSION) {
			return ResponseEntity.status(409).build();
		}
		if (!this.tls.accepts(request.url())) {
			return ResponseEntity.badRequest().build();
		}
		return ResponseEntity.ok(this.registry.register(request));
	}

	@PostMapping(Paths.HEARTBEAT)
	HeartbeatResponse heartbeat(@PathVariable String executorId, @RequestBody Heartbeat heartbeat) {
		return this.registry.heartbeat(executorId, heartbeat);
	}

	@PostMapping(Paths.DECOMMISSION)
	Decommission.Response decommission(@PathVariable String executorId, @RequestBody Decommission.Request request) {
		String reason = request.reason() == null || request.reason().isBlank() ? "leaving"
				: request.reason().substring(0, Math.min(200, request.reason().length()));
		return this.registry.decommission(executorId, reason)
			.map((peers) -> new Decommission.Response(
					peers.stream().map((e) -> new Decommission.Peer(e.id(), e.url())).toList(), false))
			.orElseGet(() -> new Decommission.Response(java.util.List.of(), true));
	}

	@PostMapping(Paths.DEREGISTER)
	ResponseEntity<Void> deregister(@PathVariable String executorId) {
		this.registry.deregister(executorId);
		return ResponseEntity.noContent().build();
	}

}
